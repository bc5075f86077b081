import type { z } from 'zod';
import { ValidationError } from '../errors';

/** Parses one part of a request against its contract; the first issue becomes a 400 with the field path. */
export function parseOrThrow<T extends z.ZodType>(
  schema: T,
  value: unknown,
  part: 'params' | 'query' | 'body',
): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue.path.length ? issue.path.map(String).join('.') : part;
  const message =
    issue.code === 'invalid_type' && issue.input === undefined ? `${field} is required` : `${field}: ${issue.message}`;
  throw new ValidationError(message, field);
}
