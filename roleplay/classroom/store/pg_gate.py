"""The team gate of a PostgreSQL class store: a login for terminal trainees that can do nothing
but play a team whose secret token it gives.

The team login has no right on any table. It may only call the SECURITY DEFINER functions
below, each of which finds the team from the token's hash (the same token `roleplay class
token` prints) before it reads or writes anything, and then touches only that team's rows:
its inputs (numbered on the server, injections delivered in the same transaction, only while
the class runs), the messages meant for it, its live mark. The functions run as the store's
owner with a fixed search_path, and no dynamic SQL. Raw SQL with the team login and the
password of the whole room therefore reads or changes nothing of another team: it cannot
select, insert, update or delete a row, and a call with another team's name but not its token
is refused.

``install`` (re)makes the functions as the store's owner; ``make_team_login`` makes the login
role (or gives it a new password), grants it EXECUTE on the functions only, and checks that
it holds no right on a table or to create objects in the schema.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from typing import Any

import psycopg
from psycopg import sql

from roleplay.classroom.store.base import StoreError

#: The role terminal trainees log in as, unless the instructor names another.
TEAM_LOGIN = "roleplay_team"
#: The SQLSTATE the gate raises its refusals with (a sentence in the message).
REFUSED = "RPG01"
#: The functions a team login may call, with their argument types.
API = (
    "roleplay_gate_class(text)",
    "roleplay_gate_team(text, text)",
    "roleplay_gate_actions(text, text)",
    "roleplay_gate_commit(text, text, integer, text, text, text)",
    "roleplay_gate_messages(text, text, bigint)",
    "roleplay_gate_hold(text, text, text, double precision)",
    "roleplay_gate_let_go(text, text, text)",
)
#: Detects a team login: it may call the gate, and may not read a table.
IS_TEAM_LOGIN = (
    "SELECT COALESCE(has_function_privilege(to_regprocedure('roleplay_gate_commit(text,text,integer,text,text,text)'),"
    " 'EXECUTE'), false) AND NOT COALESCE(has_table_privilege(to_regclass('classes'), 'SELECT'), false)"
)
TABLES = ("meta", "classes", "teams", "actions", "injections", "deliveries", "messages")

DEFINER = "SECURITY DEFINER SET search_path = {schema}, pg_temp"
FUNCTIONS = """
CREATE OR REPLACE FUNCTION roleplay_gate_team(p_code text, p_token text) RETURNS text
LANGUAGE sql STABLE {definer} AS $$
  SELECT t.name FROM teams t WHERE t.class_code = upper(p_code) AND t.token_hash IS NOT NULL
    AND t.token_hash = encode(sha256(convert_to(p_token, 'UTF8')), 'hex')
$$;
CREATE OR REPLACE FUNCTION roleplay_gate_who(p_code text, p_token text) RETURNS text
LANGUAGE plpgsql STABLE {definer} AS $$
DECLARE v_team text := roleplay_gate_team(p_code, p_token);
BEGIN
  IF v_team IS NULL THEN
    RAISE EXCEPTION 'that is not the token of a team of class %: ask the instructor for your team''s token',
      upper(p_code) USING ERRCODE = '{refused}';
  END IF;
  RETURN v_team;
END $$;
CREATE OR REPLACE FUNCTION roleplay_gate_class(p_code text)
RETURNS TABLE (code text, name text, case_path text, case_sha256 text, seed bigint, status text)
LANGUAGE sql STABLE {definer} AS $$
  SELECT c.code, c.name, c.case_path, c.case_sha256, c.seed, c.status FROM classes c WHERE c.code = upper(p_code)
$$;
CREATE OR REPLACE FUNCTION roleplay_gate_actions(p_code text, p_token text)
RETURNS TABLE (seq integer, kind text, ident text, target text)
LANGUAGE plpgsql STABLE {definer} AS $$
DECLARE v_team text := roleplay_gate_who(p_code, p_token);
BEGIN
  RETURN QUERY SELECT a.seq, a.kind, a.ident, a.target FROM actions a
    WHERE a.class_code = upper(p_code) AND a.team = v_team ORDER BY a.seq;
END $$;
CREATE OR REPLACE FUNCTION roleplay_gate_messages(p_code text, p_token text, p_after bigint)
RETURNS TABLE (id bigint, text text)
LANGUAGE plpgsql STABLE {definer} AS $$
DECLARE v_team text := roleplay_gate_who(p_code, p_token);
BEGIN
  RETURN QUERY SELECT m.id, m.text FROM messages m
    WHERE m.class_code = upper(p_code) AND (m.team IS NULL OR m.team = v_team) AND m.id > p_after ORDER BY m.id;
END $$;
CREATE OR REPLACE FUNCTION roleplay_gate_commit(
  p_code text, p_token text, p_expected integer, p_kind text, p_ident text, p_target text)
RETURNS TABLE (seq integer, kind text, ident text, target text)
LANGUAGE plpgsql {definer} AS $$
#variable_conflict use_column
DECLARE
  v_code text := upper(p_code);
  v_team text := roleplay_gate_who(p_code, p_token);
  v_status text;
  v_last integer;
  v_seq integer := p_expected;
  v_now text := to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"+00:00"');
  r record;
BEGIN
  IF p_kind IS NULL OR p_kind NOT IN ('move', 'choice') OR p_ident IS NULL OR length(p_ident) > 200
     OR length(p_target) > 200 THEN
    RAISE EXCEPTION 'a team sends moves and choices only' USING ERRCODE = '{refused}';
  END IF;
  SELECT c.status INTO v_status FROM classes c WHERE c.code = v_code;
  IF v_status IS DISTINCT FROM 'running' THEN
    RAISE EXCEPTION 'class % is %: it takes no inputs now', v_code, COALESCE(v_status, 'gone')
      USING ERRCODE = '{refused}';
  END IF;
  PERFORM 1 FROM teams t WHERE t.class_code = v_code AND t.name = v_team FOR UPDATE;  -- the team's lock
  IF NOT FOUND THEN  -- renamed or removed meanwhile
    RAISE EXCEPTION 'team % is no longer in class %: join again', v_team, v_code USING ERRCODE = '{refused}';
  END IF;
  SELECT COALESCE(MAX(a.seq), 0) INTO v_last FROM actions a WHERE a.class_code = v_code AND a.team = v_team;
  IF v_last + 1 <> p_expected THEN
    RAISE EXCEPTION 'team %: input % is stale (the store holds %)', v_team, p_expected, v_last
      USING ERRCODE = '{refused}';
  END IF;
  FOR r IN SELECT i.id, i.event FROM injections i WHERE i.class_code = v_code AND (i.team IS NULL OR i.team = v_team)
      AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.injection_id = i.id AND d.team = v_team) ORDER BY i.id LOOP
    INSERT INTO deliveries VALUES (r.id, v_team, v_seq);
    INSERT INTO actions VALUES (v_code, v_team, v_seq, 'inject', r.event, NULL, v_now);
    seq := v_seq; kind := 'inject'; ident := r.event; target := NULL;
    RETURN NEXT;
    v_seq := v_seq + 1;
  END LOOP;
  INSERT INTO actions VALUES (v_code, v_team, v_seq, p_kind, p_ident, p_target, v_now);
  seq := v_seq; kind := p_kind; ident := p_ident; target := p_target;
  RETURN NEXT;
END $$;
CREATE OR REPLACE FUNCTION roleplay_gate_hold(p_code text, p_token text, p_holder text, p_ttl double precision)
RETURNS boolean LANGUAGE plpgsql {definer} AS $$
DECLARE
  v_team text := roleplay_gate_who(p_code, p_token);
  v_key text := 'live:' || upper(p_code) || chr(31) || v_team;
  v_value text;
  v_now double precision;
BEGIN
  PERFORM 1 FROM teams t WHERE t.class_code = upper(p_code) AND t.name = v_team FOR UPDATE;
  v_now := extract(epoch FROM clock_timestamp());
  SELECT m.value INTO v_value FROM meta m WHERE m.key = v_key;
  IF v_value IS NOT NULL AND split_part(v_value, ' ', 1) ~ '^[0-9]+(\\.[0-9]+)?$'
     AND substr(v_value, strpos(v_value, ' ') + 1) <> p_holder
     AND split_part(v_value, ' ', 1)::double precision > v_now THEN
    RETURN false;
  END IF;
  INSERT INTO meta VALUES (v_key, round((v_now + least(greatest(p_ttl, 0), 600))::numeric, 3)::text || ' ' || p_holder)
    ON CONFLICT (key) DO UPDATE SET value = excluded.value;
  RETURN true;
END $$;
CREATE OR REPLACE FUNCTION roleplay_gate_let_go(p_code text, p_token text, p_holder text) RETURNS void
LANGUAGE plpgsql {definer} AS $$
DECLARE v_key text := 'live:' || upper(p_code) || chr(31) || roleplay_gate_who(p_code, p_token);
BEGIN
  DELETE FROM meta m WHERE m.key = v_key AND substr(m.value, strpos(m.value, ' ') + 1) = p_holder;
END $$;
"""


def install(db: psycopg.Connection[Any]) -> str:
    """Make (or remake) the gate's functions in the store's schema, owned by this connection's
    role (the store's owner), callable by no one until ``make_team_login`` grants them. Returns
    the schema's name."""
    row = db.execute("SELECT current_schema()").fetchone()
    if row is None or row[0] is None:
        raise StoreError("the database session has no schema to make the team gate in")
    schema = str(row[0])
    definer = DEFINER.format(schema=sql.Identifier(schema).as_string(db))
    with db.transaction():
        db.execute("SELECT 1 FROM meta WHERE key = 'schema_version' FOR UPDATE")  # a lock no team login can take
        for statement in FUNCTIONS.format(definer=definer, refused=REFUSED).split("\nCREATE ")[1:]:
            db.execute(("CREATE " + statement).encode())  # bytes: no placeholders read in the bodies
        for signature in (*API, "roleplay_gate_who(text, text)"):
            db.execute(f"REVOKE ALL ON FUNCTION {signature} FROM PUBLIC")
    return schema


def scram_verifier(password: str, iterations: int = 4096) -> str:
    """The SCRAM-SHA-256 verifier of ``password`` (what PostgreSQL stores): the password itself
    never travels to the server, so it cannot land in its logs."""
    salt = secrets.token_bytes(16)
    salted = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, iterations)
    stored = hashlib.sha256(hmac.new(salted, b"Client Key", "sha256").digest()).digest()
    server = hmac.new(salted, b"Server Key", "sha256").digest()

    def b64(raw: bytes) -> str:
        return base64.b64encode(raw).decode()

    return f"SCRAM-SHA-256${iterations}:{b64(salt)}${b64(stored)}:{b64(server)}"


def make_team_login(db: psycopg.Connection[Any], role: str = TEAM_LOGIN, connections: int = 400) -> str:
    """Make the team login ``role`` (or give it a new password), allowed only to call the gate;
    returns its password, to be shown once. Needs a role that may create roles (CREATEROLE)."""
    schema = install(db)
    password = secrets.token_urlsafe(18)
    name, verifier = sql.Identifier(role), sql.Literal(scram_verifier(password))
    exists = db.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone() is not None
    verb = "ALTER" if exists else "CREATE"
    try:
        with db.transaction():
            db.execute(
                sql.SQL(
                    # not superuser, replication or bypassing RLS: the default, checked below (saying
                    # so in ALTER ROLE needs a superuser)
                    "{} ROLE {} LOGIN NOCREATEDB NOCREATEROLE NOINHERIT CONNECTION LIMIT {} PASSWORD {}"
                ).format(sql.SQL(verb), name, sql.Literal(connections), verifier)
            )
            for setting, value in (("statement_timeout", "10s"), ("idle_in_transaction_session_timeout", "30s")):
                change = sql.SQL("ALTER ROLE {} SET {} = {}")
                db.execute(change.format(name, sql.Identifier(setting), sql.Literal(value)))
            db.execute(sql.SQL("GRANT USAGE ON SCHEMA {} TO {}").format(sql.Identifier(schema), name))
            for signature in API:
                db.execute(sql.SQL("GRANT EXECUTE ON FUNCTION " + signature + " TO {}").format(name))
    except psycopg.errors.InsufficientPrivilege:
        raise StoreError(
            f"this database role may not create or change the role {role}: ask the database's administrator to "
            f"grant it CREATEROLE (ALTER ROLE … CREATEROLE), or to run this command as a role that has it"
        ) from None
    problems = rights_left(db, role, schema)
    if problems:
        raise StoreError(f"the role {role} can still {', '.join(problems)}: revoke that first (docs/instructor.md)")
    return password


def rights_left(db: psycopg.Connection[Any], role: str, schema: str) -> list[str]:
    """What the team login may do beyond the gate (granted to it or to PUBLIC): nothing, or this."""
    found = []
    for table in TABLES:
        for right in ("SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "TRIGGER"):
            row = db.execute(
                "SELECT has_table_privilege(%s, to_regclass(%s), %s)",
                (role, sql.Identifier(schema, table).as_string(db), right),
            ).fetchone()
            if row and row[0]:
                found.append(f"{right} on {table}")
    row = db.execute("SELECT has_schema_privilege(%s, %s, 'CREATE')", (role, schema)).fetchone()
    if row and row[0]:
        found.append(
            f"create objects in schema {schema} (PostgreSQL before 15 lets everyone: REVOKE CREATE ON SCHEMA"
            f" {schema} FROM PUBLIC)"
        )
    row = db.execute(
        "SELECT rolsuper OR rolbypassrls OR rolreplication OR rolcreaterole OR rolcreatedb FROM pg_roles"
        " WHERE rolname = %s",
        (role,),
    ).fetchone()
    if row and row[0]:
        found.append("act as a superuser, replicate, bypass row security or create roles or databases")
    row = db.execute(
        "SELECT string_agg(m.roleid::regrole::text, ', ') FROM pg_auth_members m WHERE m.member = to_regrole(%s)",
        (role,),
    ).fetchone()
    if row and row[0]:
        found.append(f"act as a member of {row[0]}")
    return found
