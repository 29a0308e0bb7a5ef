/**
 * zod schemas of single environment variables: blank counts as unset, every message is
 * written to follow the variable's name (`ALLOWED_REGIONS: unknown region "mars-1" …`), and
 * no message quotes a secret's value.
 */
import { validate as isCronExpression } from 'node-cron';
import { z } from 'zod';
import { AWS_REGIONS, isAwsRegion } from './aws-regions';

/** Trimmed; '' and whitespace mean unset. */
function blankAsUnset(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

const UNIT_MS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** '96h', '30m', '45s', '2d', or a bare number of seconds → milliseconds; undefined if not a duration. */
export function parseDuration(text: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$/i.exec(text);
  if (!match) return undefined;
  const amount = Number(match[1]);
  const unit = (match[2] ?? '').toLowerCase() || 's';
  const ms = amount * (UNIT_MS[unit] ?? 1_000);
  return Number.isFinite(ms) && ms > 0 ? ms : undefined;
}

export function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** An optional string variable. */
export const optionalText = () => z.preprocess(blankAsUnset, z.string().optional());

/** A required string variable; `what` explains what to give. */
export const requiredText = (what: string) => z.preprocess(blankAsUnset, z.string({ error: `is required: ${what}` }));

export const optionalUrl = () =>
  z.preprocess(blankAsUnset, z.string().refine(isHttpUrl, { error: (issue) => `must be an http(s) URL, got "${String(issue.input)}"` }).optional());

export const requiredUrl = (what: string) =>
  z.preprocess(
    blankAsUnset,
    z.string({ error: `is required: ${what}` }).refine(isHttpUrl, { error: (issue) => `must be an http(s) URL, got "${String(issue.input)}"` }),
  );

export const matching = (pattern: RegExp, rule: string, fallback: string) =>
  z.preprocess(blankAsUnset, z.string().regex(pattern, { error: (issue) => `${rule}, got "${String(issue.input)}"` }).default(fallback));
/** As `matching`, but undefined when unset (the default is applied by whoever owns it). */
export const optionalMatching = (pattern: RegExp, rule: string) =>
  z.preprocess(blankAsUnset, z.string().regex(pattern, { error: (issue) => `${rule}, got "${String(issue.input)}"` }).optional());

/** A whole number within `accepts`, or the fallback when unset. */
const wholeNumber = (fallback: number, accepts: (value: number) => boolean, rule: string) =>
  z.preprocess(
    blankAsUnset,
    z
      .string()
      .optional()
      .transform((text, ctx) => {
        if (text === undefined) return fallback;
        const value = Number(text);
        if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || !accepts(value)) {
          ctx.addIssue({ code: 'custom', message: `must be ${rule}, got "${text}"` });
          return z.NEVER;
        }
        return value;
      }),
  );

export const port = (fallback: number) => wholeNumber(fallback, (value) => value <= 65535, 'a port number (0-65535)');

export const positiveInteger = (fallback: number, unit: string) => wholeNumber(fallback, (value) => value >= 1, `a positive whole number of ${unit}`);

/** A duration like 96h, 30m, 45s, 2d or bare seconds → milliseconds. */
export const duration = (fallback: string) =>
  z.preprocess(
    blankAsUnset,
    z
      .string()
      .default(fallback)
      .transform((text, ctx) => {
        const ms = parseDuration(text);
        if (ms === undefined) {
          ctx.addIssue({ code: 'custom', message: `must be a duration like 96h, 30m or 3600 (seconds), got "${text}"` });
          return z.NEVER;
        }
        return ms;
      }),
  );

/** Names the list and its values, so a typo can be corrected from the message alone. */
const REGION_SOURCE = `the AWS regions of packages/config/src/aws-regions.ts: ${AWS_REGIONS.join(', ')}`;

/** Comma-separated AWS region names, each known; duplicates dropped. */
export const regionList = (fallback: readonly string[]) =>
  z.preprocess(
    blankAsUnset,
    z
      .string()
      .default(fallback.join(','))
      .transform((text, ctx) => {
        const names = text.split(',').map((name) => name.trim()).filter(Boolean);
        if (names.length === 0) ctx.addIssue({ code: 'custom', message: 'names no region' });
        for (const name of names) {
          if (!isAwsRegion(name)) ctx.addIssue({ code: 'custom', message: `unknown region "${name}" (allowed: ${REGION_SOURCE})` });
        }
        return [...new Set(names)];
      }),
  );

export const optionalRegion = () =>
  z.preprocess(
    blankAsUnset,
    z
      .string()
      .refine(isAwsRegion, { error: (issue) => `unknown region "${String(issue.input)}" (allowed: ${REGION_SOURCE})` })
      .optional(),
  );

export const cronExpression = (fallback: string) =>
  z.preprocess(
    blankAsUnset,
    z
      .string()
      .default(fallback)
      .refine((text) => isCronExpression(text), { error: (issue) => `is not a cron expression: "${String(issue.input)}"` }),
  );

/** Bytes of an AES-256 key (what packages/model's keyring encrypts with); the environment gives keys in base64. */
export const SECRETS_KEY_BYTES = 32;

/** What is wrong with a base64 key, never quoting it; undefined when it is one. */
function keyProblem(text: string): string | undefined {
  // standard or url-safe alphabet; Buffer decodes both
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(text)) return 'is not base64';
  const bytes = Buffer.from(text, 'base64').length;
  return bytes === SECRETS_KEY_BYTES ? undefined : `decodes to ${bytes} bytes, expected ${SECRETS_KEY_BYTES}`;
}

/** SECRETS_KEY: base64 of 32 bytes. The value never appears in a message. */
export const secretsKey = () =>
  z.preprocess(
    blankAsUnset,
    z
      .string({ error: `is required: base64 of ${SECRETS_KEY_BYTES} random bytes (e.g. \`openssl rand -base64 ${SECRETS_KEY_BYTES}\`)` })
      .superRefine((text, ctx) => {
        const problem = keyProblem(text);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      }),
  );

/** SECRETS_KEY_PREVIOUS: comma-separated older keys, decrypt only. */
export const previousSecretsKeys = () =>
  z.preprocess(
    blankAsUnset,
    z
      .string()
      .optional()
      .transform((text, ctx) => {
        const keys = (text ?? '').split(',').map((key) => key.trim()).filter(Boolean);
        keys.forEach((key, index) => {
          const problem = keyProblem(key);
          if (problem) ctx.addIssue({ code: 'custom', message: `key ${index + 1} ${problem}` });
        });
        return keys;
      }),
  );

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export const logLevel = (fallback: (typeof LOG_LEVELS)[number]) =>
  z.preprocess(
    blankAsUnset,
    z.enum(LOG_LEVELS, { error: (issue) => `must be one of ${LOG_LEVELS.join(', ')}, got "${String(issue.input)}"` }).default(fallback),
  );

/** One line per problem: `VARIABLE: what is wrong`. */
export function problemsOf(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${issue.path.map(String).join('.') || '(environment)'}: ${issue.message}`);
}
