// The harness's secret store (issue 14): what Electron's safeStorage does for the lab server's
// password, without Electron. AES-256-GCM under a key made for this harness process, so what
// lab-server.json holds is cipher text as in the app, and a test can tell it is not the password.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { SecretStore } from '../../../main/services/secret-store';

export function createTestSecretStore(available = true): SecretStore {
  const key = randomBytes(32);
  return {
    isAvailable: () => available,
    encrypt(plain) {
      if (!available) throw new Error('no key store');
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return Buffer.concat([iv, c.getAuthTag(), body]);
    },
    decrypt(cipher) {
      const d = createDecipheriv('aes-256-gcm', key, cipher.subarray(0, 12));
      d.setAuthTag(cipher.subarray(12, 28));
      return Buffer.concat([d.update(cipher.subarray(28)), d.final()]).toString('utf8');
    },
  };
}
