// Errors of the token engine. Messages name the connection, never a token.

/** The grant is gone (revoked, expired refresh token): a person must reconnect. Not retryable. */
export class OAuthReconnectRequiredError extends Error {
  readonly code = "oauth_reconnect_required";
  readonly retryable = false;
  constructor(
    readonly connectionId: string,
    readonly reason: string,
  ) {
    super(`Connection ${connectionId} needs to be reconnected: ${reason}`);
    this.name = "OAuthReconnectRequiredError";
  }
}

/** The provider could not be reached or failed (network, timeout, 5xx): try again later. */
export class OAuthRefreshError extends Error {
  readonly code = "oauth_refresh_failed";
  readonly retryable = true;
  constructor(
    readonly connectionId: string,
    message: string,
  ) {
    super(`Could not refresh the access token of connection ${connectionId}: ${message}`);
    this.name = "OAuthRefreshError";
  }
}

/** The connection cannot be used (missing, not OAuth, not active). */
export class OAuthConnectionUnavailableError extends Error {
  readonly code = "oauth_connection_unavailable";
  readonly retryable = false;
  constructor(
    readonly connectionId: string,
    reason: string,
  ) {
    super(`Connection ${connectionId} is unavailable: ${reason}`);
    this.name = "OAuthConnectionUnavailableError";
  }
}
