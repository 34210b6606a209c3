// Who is at the station (issue 16). Main keeps the session: the page asks what it is, signs in
// with a person and a PIN, and is told; it never names an actor for anything it asks main to do.
// Pure TypeScript plus zod.
import { z } from 'zod';
import { pinSchema, type TechnicianRole } from './records';

/** setup-required: nobody has a PIN yet (a fresh database): the first PIN goes to an engineering manager. */
export const SESSION_STATES = ['setup-required', 'signed-out', 'locked', 'signed-in'] as const;
export type SessionState = (typeof SESSION_STATES)[number];

export interface SessionPerson {
  id: number;
  code: string;
  name: string;
  role: TechnicianRole;
}

export interface SessionStatus {
  state: SessionState;
  /** Signed in, or the one whose locked session this is; null when signed out. */
  person: SessionPerson | null;
  /** Who may sign in here: active people with a PIN (setup: engineering managers without one). */
  people: SessionPerson[];
  /** Minutes without activity after which main locks the station. */
  idleLockMinutes: number;
}

const id = z.number().int().positive();

export const signInRequestSchema = z.object({ technicianId: id, pin: pinSchema }).strict();
export type SignInRequest = z.input<typeof signInRequestSchema>;

export const unlockRequestSchema = z.object({ pin: pinSchema }).strict();
export type UnlockRequest = z.input<typeof unlockRequestSchema>;

/** The first engineering manager: an existing one without a PIN (technicianId), or a new one (code, name). */
export const setupRequestSchema = z
  .object({
    technicianId: id.optional(),
    code: z.string().trim().regex(/^[A-Za-z0-9._-]{1,32}$/, 'letters, digits, . _ - only').optional(),
    name: z.string().trim().min(1).max(200).optional(),
    pin: pinSchema,
  })
  .strict()
  .refine((r) => r.technicianId !== undefined || (r.code !== undefined && r.name !== undefined), {
    message: 'choose an engineering manager or give a code and name for a new one',
    path: ['technicianId'],
  });
export type SetupRequest = z.input<typeof setupRequestSchema>;

/** A supervisor's approval given at the bench: who (an id from the sign-in list) and their PIN. */
export const approverSchema = z.object({ technicianId: id, pin: pinSchema }).strict();
export type Approver = z.input<typeof approverSchema>;

export const IDLE_LOCK_DEFAULT_MINUTES = 10;
export const IDLE_LOCK_MIN_MINUTES = 1;
export const IDLE_LOCK_MAX_MINUTES = 240;
