// The one wrapper every IPC call goes through (DESIGN habit 3, Electron security checklist item
// 17). Electron's registerIpc and the test harness's WebSocket server both call `dispatch`, so the
// sender check, the payload checks and the error shape cannot differ between the two.
import type { z } from 'zod';
import type { ChannelName, EventName, BenchEvents, RequestOf, ResponseOf } from '../../preload/contract/api';
import { CHANNEL_ACCESS, REQUEST_SCHEMAS, type ChannelAccess } from '../../preload/contract/channels';
import type { ErrorData, Result } from '../../preload/contract/errors';
import type { VerifiedPerson } from '../../preload/contract/records';
import { BenchError, isBenchError } from '../errors';
import { classifyDatabaseError } from '../db/lab-errors';

/** Sends an event to the page that made the call (and only to it). */
export type Emit = <E extends EventName>(event: E, payload: BenchEvents[E]) => void;

export interface HandlerContext {
  emit: Emit;
  /**
   * Runs `cleanup` once when the calling page goes away (window closed, socket dropped). Returns
   * the way to take it back, for work that ends first (a monitor stopped on request): one
   * listener per monitor start would otherwise pile up on the page for its whole life.
   */
  onSenderGone: (cleanup: () => void) => () => void;
  /** Who main's session says is making the call (null only on public channels). */
  actor: VerifiedPerson | null;
}

/** The signed-in person of a non-public call (the wrapper has admitted it, so this never throws there). */
export function actorOf(ctx: HandlerContext): VerifiedPerson {
  if (ctx.actor === null) throw new BenchError('SIGN_IN_REQUIRED', 'Sign in first: every record names who made it.');
  return ctx.actor;
}

/** The parsed request a handler receives: what the schema outputs for this channel. */
export type ParsedRequestOf<C extends ChannelName> = z.output<(typeof REQUEST_SCHEMAS)[C]>;

export type Handler<C extends ChannelName> = (request: ParsedRequestOf<C>, ctx: HandlerContext) => Promise<ResponseOf<C>> | ResponseOf<C>;

/** Plain data: one handler per channel. A channel missing here is a compile error. */
export type HandlerTable = { [C in ChannelName]: Handler<C> };

export interface CallSource {
  /** URL of the frame that sent the call; null when unknown (a destroyed frame). */
  senderUrl: string | null;
  /** False for a sub-frame: only the app's top-level page may call. */
  isMainFrame: boolean;
  emit: Emit;
  /** How the transport reports that the page is gone (returns the listener's removal); absent = never (tests). */
  onSenderGone?: (cleanup: () => void) => () => void;
}

/** Main's session as the wrapper needs it (main/services/auth.ts). */
export interface AccessGate {
  /** The person who may make a call needing `access`, or a coded error (SIGN_IN_REQUIRED, SESSION_LOCKED, ROLE_REQUIRED). */
  require(role?: Exclude<ChannelAccess, 'public' | 'signed-in'>): Promise<VerifiedPerson>;
  /** A call from the signed-in person's page: they are at the station (the idle lock starts again). */
  touch(): void;
}

export interface DispatchOptions {
  isTrustedSender: (url: string) => boolean;
  /** Who is signed in: every non-public channel is refused without them. */
  access: AccessGate;
  /** Where an unexpected error goes (the message the renderer gets says only that it happened). */
  logError?: (channel: string, error: unknown) => void;
  /** Where the full text of an error goes when the page got it with paths shortened to file names. */
  logRedacted?: (channel: string, error: unknown) => void;
}

// Payload limits. No legitimate request comes near them; they keep a hostile page from making
// main walk or copy huge structures before the schema even runs.
export const MAX_PAYLOAD_DEPTH = 16;
export const MAX_PAYLOAD_NODES = 10_000;
export const MAX_PAYLOAD_STRING = 100_000;
// Keys that pollute prototypes when a service later spreads or merges the object.
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

const KNOWN = new Set<string>(Object.keys(REQUEST_SCHEMAS));

export function isChannel(name: string): name is ChannelName {
  return KNOWN.has(name);
}

function fail(code: string, message: string, details?: Record<string, unknown>): { ok: false; error: ErrorData } {
  return { ok: false, error: details === undefined ? { code, message } : { code, message, details } };
}

/** Returns a reason when the payload's shape alone makes it unacceptable, else null. */
export function screenPayload(payload: unknown): string | null {
  let nodes = 0;
  const walk = (v: unknown, depth: number): string | null => {
    if (++nodes > MAX_PAYLOAD_NODES) return `the request has more than ${MAX_PAYLOAD_NODES} values`;
    if (typeof v === 'string') return v.length > MAX_PAYLOAD_STRING ? `a text of ${v.length} characters is longer than ${MAX_PAYLOAD_STRING}` : null;
    if (v === null || typeof v !== 'object') return null;
    if (depth >= MAX_PAYLOAD_DEPTH) return `the request is nested deeper than ${MAX_PAYLOAD_DEPTH} levels`;
    const proto: unknown = Object.getPrototypeOf(v);
    if (!Array.isArray(v) && proto !== Object.prototype && proto !== null) return 'only plain objects and arrays are accepted';
    for (const key of Reflect.ownKeys(v)) {
      if (typeof key === 'symbol') return 'symbol keys are not accepted';
      if (FORBIDDEN_KEYS.has(key)) return `the key "${key}" is not accepted`;
      const r = walk((v as Record<string, unknown>)[key], depth + 1);
      if (r) return r;
    }
    return null;
  };
  return walk(payload, 0);
}

// An absolute path: POSIX at a word start (not the "/A2h" of "A0h/A2h"), or a Windows drive path.
const ABSOLUTE_PATH = /(?<=^|[\s'"(=:,])(?:\/(?:[^\s/'"`,;()]+\/)+[^\s/'"`,;()]*|[A-Za-z]:\\(?:[^\s\\'"`,;()]+\\)*[^\s\\'"`,;()]*)/g;

function baseName(p: string): string {
  const parts = p.split(/[\\/]/).filter((x) => x !== '');
  return parts[parts.length - 1] ?? p;
}

function redactText(text: string): string {
  return text.replace(ABSOLUTE_PATH, (m) => baseName(m));
}

function redactValue(v: unknown, depth = 0): unknown {
  if (typeof v === 'string') return redactText(v);
  if (depth > 6 || v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map((x) => redactValue(x, depth + 1));
  return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, redactValue(x, depth + 1)]));
}

/**
 * What the page may see of an error: file names, never the folders around them (a user name, a
 * mount point, the layout of the machine). The full text goes to main's log.
 */
export function redactForPage(error: ErrorData): ErrorData {
  const message = redactText(error.message);
  return error.details === undefined ? { code: error.code, message } : { code: error.code, message, details: redactValue(error.details) as Record<string, unknown> };
}

function issuesOf(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.slice(0, 10).map((i) => ({ path: i.path.map(String).join('.'), message: i.message.slice(0, 200) }));
}

/**
 * Runs one call: sender, channel, payload shape, schema, handler. Never throws and never lets a
 * handler's exception through: a BenchError becomes its coded data, anything else INTERNAL.
 */
export async function dispatch(
  table: HandlerTable,
  channel: string,
  payload: unknown,
  source: CallSource,
  opts: DispatchOptions,
): Promise<Result<unknown>> {
  try {
    if (source.senderUrl === null || !source.isMainFrame || !opts.isTrustedSender(source.senderUrl)) {
      return fail('FORBIDDEN_SENDER', 'This call did not come from the application window.');
    }
    if (!isChannel(channel)) return fail('INVALID_INPUT', 'Unknown request.', { channel: String(channel).slice(0, 64) });
    const reason = screenPayload(payload);
    if (reason) return fail('INVALID_INPUT', `The request was refused: ${reason}.`, { channel });
    const parsed = REQUEST_SCHEMAS[channel].safeParse(payload);
    if (!parsed.success) return fail('INVALID_INPUT', 'The request is not valid.', { channel, issues: issuesOf(parsed.error) });
    const access: ChannelAccess = CHANNEL_ACCESS[channel];
    let actor: VerifiedPerson | null = null;
    if (access !== 'public') {
      actor = await opts.access.require(access === 'signed-in' ? undefined : access);
      opts.access.touch();
    }
    const handler = table[channel] as (req: unknown, ctx: HandlerContext) => Promise<unknown> | unknown;
    const value = await handler(parsed.data, { emit: source.emit, onSenderGone: source.onSenderGone ?? (() => () => undefined), actor });
    return { ok: true, value };
  } catch (caught) {
    // A lab server that stopped answering (or refused) is a coded error the page words, not INTERNAL.
    const e = isBenchError(caught) ? caught : (classifyDatabaseError(caught) ?? caught);
    if (isBenchError(e)) {
      const data = e.toData();
      const shown = redactForPage(data);
      if (JSON.stringify(shown) !== JSON.stringify(data)) opts.logRedacted?.(channel, e);
      return { ok: false, error: shown };
    }
    opts.logError?.(channel, e);
    return fail('INTERNAL', 'Something went wrong inside the application. The details were logged; please try again.');
  }
}

/** Typed helper for tests and the harness: the request a channel accepts. */
export type Call<C extends ChannelName> = { channel: C; request: RequestOf<C> };
