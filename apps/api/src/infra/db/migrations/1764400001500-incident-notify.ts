import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every committed change a console shows of an incident (new, level, state, closed or reopened,
 * merged, moved or retyped) is announced on the channel gan119_incident, whichever process or
 * transaction made it: the API processes push it to the consoles over the incident's place.
 */
export class IncidentNotify1764400001500 implements MigrationInterface {
  name = 'IncidentNotify1764400001500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION incident_changed_notify() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE change text;
      BEGIN
        IF TG_OP = 'INSERT' THEN change := 'new';
        ELSIF NEW.merged_into IS DISTINCT FROM OLD.merged_into THEN change := 'merged';
        ELSIF NEW.state IS DISTINCT FROM OLD.state THEN
          change := CASE WHEN NEW.state = 'closed' THEN 'closed' WHEN OLD.state = 'closed' THEN 'reopened' ELSE 'state' END;
        ELSIF NEW.level IS DISTINCT FROM OLD.level THEN change := 'level';
        ELSIF NEW.type IS DISTINCT FROM OLD.type OR NEW.address IS DISTINCT FROM OLD.address OR NOT ST_Equals(NEW.geom, OLD.geom) THEN change := 'updated';
        ELSE RETURN NULL;
        END IF;
        PERFORM pg_notify('gan119_incident', json_build_object('id', NEW.id, 'change', change)::text);
        RETURN NULL;
      END $$`);
    await q.query('CREATE TRIGGER incident_changed AFTER INSERT OR UPDATE ON incident FOR EACH ROW EXECUTE FUNCTION incident_changed_notify()');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TRIGGER incident_changed ON incident');
    await q.query('DROP FUNCTION incident_changed_notify()');
  }
}
