// The ES module entry point: the same objects as the CommonJS one.
import cjs from './index.js'

export const {
  Client,
  IntegrationKey,
  signJwt,
  coreVersion,
  errorKinds,
  ERROR_CLASSES,
  REDACTED,
  IntegrationKeysError,
  InvalidArgumentError,
  AuthenticationError,
  PermissionDeniedError,
  NotFoundError,
  ConflictError,
  RateLimitedError,
  BadRequestError,
  ServerError,
  RequestTimeoutError,
  NetworkError,
  DecodeError,
} = cjs

export default cjs
