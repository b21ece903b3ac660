import type { ZodError } from 'zod';

/** A request body's validation problems in one line, for a 400's message: "field: problem; ...". */
export const describeBodyIssues = (error: ZodError): string =>
  error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`).join('; ');
