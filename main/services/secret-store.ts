// Where the lab server's password is kept (issue 14): encrypted by the system's key store, never
// in plain text. Electron's safeStorage is the app's (main/secret-store-electron.ts, loaded only by
// main/index.ts); tests and the harness pass their own, as the printer is passed (printer.ts).
export interface SecretStore {
  /**
   * True when secrets are encrypted with a real key store (Keychain, DPAPI, kwallet / libsecret);
   * false where Electron would fall back to a hard-coded key ("basic_text" on Linux without one).
   */
  isAvailable(): boolean;
  encrypt(plain: string): Buffer;
  /** Throws when the cipher text is not this store's (another user's, another machine's). */
  decrypt(cipher: Buffer): string;
}

/** No key store at all (the command line, a bench that never saves a password). */
export const noSecretStore: SecretStore = {
  isAvailable: () => false,
  encrypt: () => {
    throw new Error('no secret store on this computer');
  },
  decrypt: () => {
    throw new Error('no secret store on this computer');
  },
};
