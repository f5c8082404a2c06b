// Runs once, when the mongodb container starts on an empty data volume (docker-entrypoint-initdb.d), as the
// root user. Creates the application's user with readWrite on the application's database only (no admin
// rights, no other database) and the indexes the library creates at start-up (MongoIndexes in
// tradingagents-cache-mongo; a test asserts the two lists are equal), so the first start of the service
// finds them in place and the application user needs no index rights beyond readWrite.
// Credentials come from the container's environment (see .env.example); none is written here.

const database = process.env.MONGODB_DATABASE || 'tradingagents';
const user = process.env.MONGODB_APP_USERNAME;
const password = process.env.MONGODB_APP_PASSWORD;
if (!user || !password) {
  throw new Error('MONGODB_APP_USERNAME and MONGODB_APP_PASSWORD must be set (see .env.example)');
}

const app = db.getSiblingDB(database);
if (app.getUser(user) === null) {
  app.createUser({ user: user, pwd: password, roles: [{ role: 'readWrite', db: database }] });
}

// [collection, key, options]: one line per index; the name is the driver's default (symbol_1_market_type_1).
const indexes = [
  ['stock_data', { symbol: 1, market_type: 1 }, {}],
  ['stock_data', { created_at: -1 }, {}],
  ['stock_data', { updated_at: -1 }, {}],
  ['analysis_results', { symbol: 1, analysis_type: 1 }, {}],
  ['analysis_results', { created_at: -1 }, {}],
  ['analysis_results', { symbol: 1, created_at: -1 }, {}],
  ['analysis_results', { analysis_id: 1 }, { unique: true }],
  ['user_sessions', { session_id: 1 }, { unique: true }],
  ['user_sessions', { created_at: -1 }, {}],
  ['user_sessions', { last_activity: -1 }, {}],
  ['usage_records', { timestamp: 1 }, {}],
  ['cache_entries', { expires_at: 1 }, { expireAfterSeconds: 0 }],
  ['cache_entries', { ns: 1 }, {}],
];

for (const [collection, key, options] of indexes) {
  const name = Object.entries(key).map(([field, direction]) => field + '_' + direction).join('_');
  app.getCollection(collection).createIndex(key, Object.assign({ name: name }, options));
}
print('mongo-init.js: user ' + user + ' on ' + database + ', ' + indexes.length + ' indexes');
