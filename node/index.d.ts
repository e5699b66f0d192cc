// Types of the public API of integration-keys. Written by hand: the addon's
// generated types (native.d.ts) describe the internal native layer.

/** The kinds of error, in the order of their numbers (1 to 12). */
export type ErrorKind =
  | 'invalid_argument'
  | 'authentication'
  | 'permission_denied'
  | 'not_found'
  | 'conflict'
  | 'rate_limited'
  | 'bad_request'
  | 'server'
  | 'timeout'
  | 'connection'
  | 'decode'
  | 'internal'

/** The settings of a client; every field may be left out. */
export interface ClientOptions {
  /** A Zendesk subdomain: requests go to `https://{subdomain}.zendesk.com/sc`. */
  subdomain?: string
  /** Any base URL; wins over `subdomain`. Must be https, or http to loopback. */
  baseUrl?: string
  /** The API key id (`app_...`, `act_...`, `svc_...` or `int_...`). */
  keyId?: string
  /** The API key secret. */
  secret?: string
  /** How the key id and secret are used: `"basic"` (the default) or `"jwt"`. */
  auth?: 'basic' | 'jwt'
  /** A JWT signed elsewhere, sent as `Bearer`, instead of a key id and secret. */
  token?: string
  /** Seconds for one whole attempt (default 30). */
  timeout?: number
  /** Seconds for making a connection (default 10). */
  connectTimeout?: number
  /** How many times a failed request is tried again (0 to 10, default 2). */
  maxRetries?: number
  /** Text appended to the `User-Agent` header. */
  userAgent?: string
  /**
   * Allows a plain `http` base URL to a host that is not loopback; the
   * credentials then cross the network unencrypted.
   */
  allowInsecureHttp?: boolean
}

/** An API key of a custom integration. */
export declare class IntegrationKey {
  private constructor()
  /** The key's id, such as `int_5e4b0f225aca01092928f917`. */
  readonly id: string
  /** The name given when the key was created, or `null` when the server sent none. */
  readonly displayName: string | null
  /** The key's secret, or `null` when the server sent none (a create always does). */
  readonly secret: string | null
  /** The key as JSON, with the secret shown as `<redacted>`. */
  toJSON(): { id: string; displayName: string | null; secret: string | null }
}

/** A client of the integration API keys endpoints. Every method returns a Promise. */
export declare class Client {
  /** Makes a client; throws `InvalidArgumentError` for unusable settings. */
  constructor(options?: ClientOptions)
  /** A client from the `INTEGRATION_KEYS_*` environment variables; `options` override them. */
  static fromEnv(options?: ClientOptions): Client
  /** The base URL requests go to, without a trailing slash. */
  readonly baseUrl: string
  /** Creates an API key; the answer holds its secret. Never retried once sent. */
  createIntegrationKey(appId: string, integrationId: string, displayName: string): Promise<IntegrationKey>
  /** Lists the API keys of an integration. */
  listIntegrationKeys(appId: string, integrationId: string): Promise<IntegrationKey[]>
  /** Gets one API key. */
  getIntegrationKey(appId: string, integrationId: string, keyId: string): Promise<IntegrationKey>
  /** Deletes (revokes) an API key. */
  deleteIntegrationKey(appId: string, integrationId: string, keyId: string): Promise<void>
}

/**
 * Signs an HS256 JWT with an API key, locally. `expiresIn` is in seconds;
 * without it the token has no `exp` claim. The token is a credential.
 */
export declare function signJwt(keyId: string, secret: string, scope: string, expiresIn?: number): string

/** The version of the Rust core inside this package. */
export declare const coreVersion: string
/** Every error kind, in the order of their numbers (1 to 12). */
export declare const errorKinds: readonly ErrorKind[]
/** The text shown in place of a secret. */
export declare const REDACTED: '<redacted>'

/** The base class of every error this package throws; kind `internal` uses it directly. */
export declare class IntegrationKeysError extends Error {
  /** What went wrong. */
  readonly kind: ErrorKind
  /** The HTTP status, where the server answered. */
  readonly status: number | null
  /** The API's error code, where the server sent one. */
  readonly code: string | null
  /** The API's error title, where the server sent one. */
  readonly title: string | null
  /** The request id the server sent, for support tickets. */
  readonly requestId: string | null
  /** Seconds a 429 answer asked to wait. */
  readonly retryAfter: number | null
}
/** A bad argument or setting, rejected before anything was sent. */
export declare class InvalidArgumentError extends IntegrationKeysError {}
/** 401: the credentials are missing or wrong. */
export declare class AuthenticationError extends IntegrationKeysError {}
/** 403: the credentials may not do this. */
export declare class PermissionDeniedError extends IntegrationKeysError {}
/** 404. */
export declare class NotFoundError extends IntegrationKeysError {}
/** 409. */
export declare class ConflictError extends IntegrationKeysError {}
/** 429, through every retry. */
export declare class RateLimitedError extends IntegrationKeysError {}
/** 400, 422, another 4xx, or an unexpected 3xx. */
export declare class BadRequestError extends IntegrationKeysError {}
/** 5xx. */
export declare class ServerError extends IntegrationKeysError {}
/** Connecting or waiting for the answer took too long. */
export declare class RequestTimeoutError extends IntegrationKeysError {}
/** The connection could not be made or broke. */
export declare class NetworkError extends IntegrationKeysError {}
/** The answer is not what the API promises. */
export declare class DecodeError extends IntegrationKeysError {}

/** The table from error kind to class (`internal` is not in it: it uses the base class). */
export declare const ERROR_CLASSES: Readonly<Record<Exclude<ErrorKind, 'internal'>, typeof IntegrationKeysError>>
