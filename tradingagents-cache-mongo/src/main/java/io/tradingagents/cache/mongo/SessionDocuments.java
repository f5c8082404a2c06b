package io.tradingagents.cache.mongo;

import io.tradingagents.analysis.SessionRecord;
import org.bson.Document;

/**
 * Maps {@link SessionRecord}s to documents of {@value MongoIndexes#USER_SESSIONS} and back:
 *
 * <pre>{@code
 * { _id: ObjectId(...),
 *   session_id: "s-1",                  // unique index
 *   user_id: "u-7",                     // optional
 *   created_at: ISODate(...), last_activity: ISODate(...),
 *   attributes: [ { name: "locale", value: "zh-CN" }, ... ] }
 * }</pre>
 *
 * Times are stored to the millisecond. Stateless.
 */
final class SessionDocuments {
  static final String SESSION_ID = "session_id";
  static final String USER_ID = "user_id";
  static final String CREATED_AT = "created_at";
  static final String LAST_ACTIVITY = "last_activity";
  static final String ATTRIBUTES = "attributes";
  static final String NAME = "name";
  static final String VALUE = "value";

  private SessionDocuments() {}

  static Document toDocument(SessionRecord session) {
    Document doc = new Document(SESSION_ID, session.sessionId());
    if (session.userId() != null) {
      doc.append(USER_ID, session.userId());
    }
    return doc.append(CREATED_AT, Fields.date(session.createdAt()))
        .append(LAST_ACTIVITY, Fields.date(session.lastActivity()))
        .append(ATTRIBUTES, Fields.toPairs(session.attributes(), NAME, VALUE));
  }

  /**
   * @param doc a stored document
   * @return the session
   * @throws MalformedDocumentException if the document does not have the shape above
   */
  static SessionRecord toRecord(Document doc) {
    try {
      return new SessionRecord(Fields.string(doc, SESSION_ID), Fields.optString(doc, USER_ID),
          Fields.instant(doc, CREATED_AT), Fields.instant(doc, LAST_ACTIVITY),
          Fields.pairs(doc, ATTRIBUTES, NAME, VALUE));
    } catch (IllegalArgumentException e) {
      throw new MalformedDocumentException("a value is invalid", e);
    }
  }
}
