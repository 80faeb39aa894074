import type { z } from 'zod';

/** A record that does not match its schema; the message names each offending path. */
export class ContractError extends Error {
  override readonly name = 'ContractError';
  constructor(
    readonly schemaId: string,
    readonly issues: readonly z.core.$ZodIssue[],
  ) {
    super(
      `${schemaId}: ${issues
        .slice(0, 5)
        .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
        .join('; ')}${issues.length > 5 ? `; and ${issues.length - 5} more` : ''}`,
    );
  }
}

/** Parse `value` against `schema` or throw a ContractError naming what is wrong. */
export function validate<T extends z.ZodType>(schema: T, value: unknown, schemaId = 'record'): z.output<T> {
  const result = schema.safeParse(value);
  if (!result.success) throw new ContractError(schemaId, result.error.issues);
  return result.data;
}
