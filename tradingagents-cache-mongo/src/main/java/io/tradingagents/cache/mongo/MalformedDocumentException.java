package io.tradingagents.cache.mongo;

/**
 * A stored document does not have the shape this library writes. Internal: mappers throw it, the tier
 * and the stores catch it, report it to {@link MalformedDocuments} and treat the document as absent. It
 * carries no stack trace (it is expected, and cheap to throw).
 */
final class MalformedDocumentException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** @param problem what is wrong, e.g. {@code field 'value' is missing} */
  MalformedDocumentException(String problem) {
    super(problem, null, false, false);
  }

  /**
   * @param problem what is wrong
   * @param cause the failure that revealed it
   */
  MalformedDocumentException(String problem, Throwable cause) {
    super(problem + " (" + cause.getMessage() + ")", cause, false, false);
  }
}
