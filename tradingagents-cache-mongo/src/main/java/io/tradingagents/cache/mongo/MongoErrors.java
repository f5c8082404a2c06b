package io.tradingagents.cache.mongo;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoException;
import com.mongodb.MongoSecurityException;
import com.mongodb.MongoWriteException;
import com.mongodb.bulk.BulkWriteError;
import io.tradingagents.cache.CacheConfigurationException;
import io.tradingagents.cache.CacheException;

/** Classifies and translates driver exceptions. Stateless. */
final class MongoErrors {
  /** The server's duplicate-key error code. */
  static final int DUPLICATE_KEY = 11000;

  private MongoErrors() {}

  /**
   * @param e a driver exception
   * @return whether it is (only) a duplicate-key error
   */
  static boolean isDuplicateKey(MongoException e) {
    if (e instanceof MongoWriteException write) {
      return write.getError().getCategory() == ErrorCategory.DUPLICATE_KEY;
    }
    if (e instanceof MongoBulkWriteException bulk) {
      if (bulk.getWriteErrors().isEmpty() || bulk.getWriteConcernError() != null) {
        return false;
      }
      for (BulkWriteError error : bulk.getWriteErrors()) {
        if (error.getCategory() != ErrorCategory.DUPLICATE_KEY) {
          return false;
        }
      }
      return true;
    }
    return e.getCode() == DUPLICATE_KEY;
  }

  /**
   * @param literal text to match literally
   * @return it with the regex metacharacters escaped, for an anchored prefix regex the server can answer
   *     from the {@code _id} index
   */
  static String escapeRegex(String literal) {
    StringBuilder sb = new StringBuilder(literal.length() + 8);
    for (int i = 0; i < literal.length(); i++) {
      char c = literal.charAt(i);
      if ("\\^$.|?*+()[]{}-/#".indexOf(c) >= 0) {
        sb.append('\\');
      }
      sb.append(c);
    }
    return sb.toString();
  }

  /**
   * @param e the driver's authentication failure
   * @param settings the settings used
   * @return a configuration error naming the setting to fix, the masked address and the server's answer,
   *     never the password
   */
  static CacheConfigurationException credentialsRejected(MongoSecurityException e, MongoSettings settings) {
    Throwable cause = e.getCause();
    String serverSaid = cause instanceof MongoCommandException command ? command.getErrorMessage()
        : cause != null ? cause.getClass().getSimpleName() : e.getClass().getSimpleName();
    String fix = settings.credentialSetting().equals(MongoSettings.URL)
        ? "check the user name, password and authSource in " + MongoSettings.URL
        : "check " + MongoSettings.USERNAME + ", " + MongoSettings.PASSWORD + " and "
            + MongoSettings.AUTH_SOURCE;
    return new CacheConfigurationException(settings.credentialSetting(), "MongoDB at "
        + settings.maskedAddress() + " rejected the credentials of user '" + settings.username()
        + "' (auth source '" + settings.authSource() + "'): " + fix + ". The server said: " + serverSaid, e);
  }

  /**
   * @param what the operation, e.g. {@code save analysis record 42 to analysis_results}
   * @param e the driver's failure
   * @return the store failure to throw: a {@link CacheException} whose message says what failed and why
   */
  static CacheException storeFailure(String what, MongoException e) {
    return new CacheException("MongoDB could not " + what + ": " + e.getMessage()
        + " (the server is unreachable or refused the operation; retry, or write to a fallback journal)", e);
  }
}
