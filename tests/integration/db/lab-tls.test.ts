// Issue 14: a bench reaches the lab server over TLS, verifying it against the lab's own CA
// (docs/lab.md step 2). The test cluster is given a certificate made here by a CA made here,
// and TLS is switched on by a reload (connections without TLS keep working for the other tests).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRecords } from '../../../main/db/index';
import { postgresTargetFromSettings } from '../../../main/db/target';
import { BenchError } from '../../../main/errors';
import { runCli } from '../../support/cli';
import { adminClient, createMigratedDatabase, ensureCluster, postgresUnavailableReason, skipPostgres, type Cluster, type TestDatabase } from '../../support/postgres';

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: 'pipe' });
}

/** A CA, and a server certificate it signs for 127.0.0.1 (what the benches name as the host). */
function makeCa(dir: string, name: string): void {
  openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}-ca.key`, '-out', `${name}-ca.pem`, '-days', '2', '-subj', `/CN=${name} test lab CA`], dir);
}

describe.skipIf(skipPostgres())(`the lab server over TLS${skipPostgres() ? `: skipped, ${postgresUnavailableReason() ?? ''}` : ''}`, () => {
  let cluster: Cluster;
  let t: TestDatabase;
  let dir: string;
  beforeAll(async () => {
    cluster = await ensureCluster();
    t = await createMigratedDatabase('tls');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ob-tls-'));
    makeCa(dir, 'lab');
    makeCa(dir, 'other');
    openssl(['req', '-new', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-out', 'server.csr'], dir);
    openssl(['x509', '-req', '-in', 'server.csr', '-CA', 'lab-ca.pem', '-CAkey', 'lab-ca.key', '-CAcreateserial', '-days', '2', '-copy_extensions', 'copyall', '-out', 'server.crt'], dir);
    // The server reads its key as its own user, mode 0600 (PostgreSQL refuses a key others can read).
    const key = path.join(cluster.dir, 'server.key');
    const crt = path.join(cluster.dir, 'server.crt');
    fs.copyFileSync(path.join(dir, 'server.key'), key);
    fs.copyFileSync(path.join(dir, 'server.crt'), crt);
    fs.chmodSync(key, 0o600);
    if (process.getuid?.() === 0) execFileSync('chown', ['postgres', key, crt]);
    const admin = await adminClient(cluster);
    try {
      await admin.query(`ALTER SYSTEM SET ssl_cert_file = '${crt}'`);
      await admin.query(`ALTER SYSTEM SET ssl_key_file = '${key}'`);
      await admin.query(`ALTER SYSTEM SET ssl = on`);
      await admin.query('SELECT pg_reload_conf()');
    } finally {
      await admin.end();
    }
  });
  afterAll(async () => {
    await t?.drop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const settings = () => ({ host: cluster.host, port: cluster.port, database: t.name, user: t.benchUser, password: t.benchPassword });

  it('connects verifying the server against the lab CA, and the connection is encrypted', async () => {
    const db = await openRecords(postgresTargetFromSettings({ ...settings(), tls: 'verify-full', caPem: fs.readFileSync(path.join(dir, 'lab-ca.pem'), 'utf8') }), { migrate: false });
    try {
      const [row] = (await db.dataSource.query('SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()')) as Array<{ ssl: boolean }>;
      expect(row?.ssl).toBe(true);
    } finally {
      await db.close();
    }
  });

  it('refuses a server whose certificate another CA signed (a server pretending to be the lab)', async () => {
    const e = await openRecords(postgresTargetFromSettings({ ...settings(), tls: 'verify-full', caPem: fs.readFileSync(path.join(dir, 'other-ca.pem'), 'utf8') }), { migrate: false }).then(
      () => null,
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(BenchError);
    expect((e as BenchError).code).toBe('LAB_SERVER_REFUSED');
  });

  it('takes sslmode=verify-full&sslrootcert=FILE on the command line, as libpq does', async () => {
    const saved = process.env.PGPASSWORD;
    process.env.PGPASSWORD = t.benchPassword;
    try {
      const url = `postgres://${t.benchUser}@${cluster.host}:${cluster.port}/${t.name}?sslmode=verify-full&sslrootcert=${encodeURIComponent(path.join(dir, 'lab-ca.pem'))}`;
      const ok = await runCli(['db-info', '--db', url, '--json']);
      expect(ok.code, ok.err).toBe(0);
      expect(JSON.parse(ok.out)).toMatchObject({ engine: 'postgres' });
      const bad = await runCli(['db-info', '--db', url.replace('lab-ca.pem', 'other-ca.pem')]);
      expect(bad.err).toMatch(/LAB_SERVER_REFUSED/);
    } finally {
      if (saved === undefined) delete process.env.PGPASSWORD;
      else process.env.PGPASSWORD = saved;
    }
  });
});
