import pg from 'pg';

/**
 * The namespace of an installation on a shared bus service: its database itself — the PostgreSQL cluster's
 * system identifier, the database name and the schema — so that installations sharing one Redis never hear
 * each other's tasks, while every node of one installation finds the same name whatever spelling of the
 * database URL it was given (localhost or 127.0.0.1, another user). Where the identifier may not be read,
 * the database name and schema alone.
 */
export async function databaseBusNamespace(databaseUrl: string, schema = 'public'): Promise<string> {
  const client = new pg.Client({ connectionString: databaseUrl });
  client.on('error', () => {});
  await client.connect();
  try {
    const db = (await client.query<{ db: string }>('SELECT current_database() AS db')).rows[0]!.db;
    let system = 'pg';
    try {
      system = (await client.query<{ id: string }>('SELECT system_identifier::text AS id FROM pg_control_system()')).rows[0]!.id;
    } catch {
      // pg_control_system() revoked (some hosted services): the database name still separates installations.
    }
    return `${system}/${db}/${schema}`;
  } finally {
    await client.end().catch(() => {});
  }
}
