// The lab server's password under Electron's safeStorage (Keychain on macOS, DPAPI on Windows,
// kwallet / libsecret on Linux). Loaded only by main/index.ts; everything else takes a SecretStore.
import { safeStorage } from 'electron';
import type { SecretStore } from './services/secret-store';

export function createElectronSecretStore(): SecretStore {
  return {
    // On Linux without a key ring Electron encrypts with a hard-coded password ("basic_text"):
    // that is plain text in all but name, so such a computer is told to use ~/.pgpass instead.
    isAvailable: () => safeStorage.isEncryptionAvailable() && (process.platform !== 'linux' || safeStorage.getSelectedStorageBackend() !== 'basic_text'),
    encrypt: (plain) => safeStorage.encryptString(plain),
    decrypt: (cipher) => safeStorage.decryptString(cipher),
  };
}
