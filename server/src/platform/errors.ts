/**
 * Expected failures are typed and carry a stable code; the error boundary maps them to HTTP in one place.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 409,
    readonly field?: string,
    /** More JSON for the client beside code and message (e.g. QUOTE_CHANGED carries the new quote). */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export class ValidationError extends DomainError {
  constructor(message: string, field?: string, code = 'VALIDATION_FAILED') {
    super(code, message, 400, field);
  }
}

export class NotFoundError extends DomainError {
  constructor(what: string, field?: string) {
    super('NOT_FOUND', `${what} was not found`, 404, field);
  }
}

export class AuthError extends DomainError {
  constructor(message = 'Log in first', code = 'UNAUTHENTICATED') {
    super(code, message, 401);
  }
}

export class ForbiddenError extends DomainError {
  constructor(permission: string) {
    super('FORBIDDEN', `This needs the permission "${permission}"`, 403);
  }
}
