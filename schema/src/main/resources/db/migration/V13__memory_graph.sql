-- Contact memory as a temporal knowledge graph (after Graphiti): episodes (a message, a call
-- transcript, a note) about a contact; entities (the contact, people, places, products, values);
-- facts (subject entity - relation - object entity) holding from valid_from until valid_to (empty
-- while current), each naming the episode it came from. A contradicting fact closes the old one;
-- nothing is deleted, so the history stays. Replaces the flat contact_facts of V6, whose rows move
-- here (the contact is the subject, the attribute the relation, the value an entity of kind 'value').

CREATE TABLE memory_entities (
  tenant_id   uuid        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id          uuid        NOT NULL,
  -- for kind 'contact': the contact this entity stands for (name 'contact', name_key 'contact:<id>')
  contact_id  uuid,
  name        text        NOT NULL CHECK (length(name) BETWEEN 1 AND 300),
  -- lower case, spaces collapsed: one entity per name in a workspace
  name_key    text        NOT NULL,
  kind        text        NOT NULL CHECK (length(kind) BETWEEN 1 AND 40),
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, name_key),
  CHECK ((kind = 'contact') = (contact_id IS NOT NULL)),
  FOREIGN KEY (tenant_id, contact_id) REFERENCES contacts (tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE memory_episodes (
  tenant_id    uuid        NOT NULL,
  id           uuid        NOT NULL,
  contact_id   uuid        NOT NULL,
  kind         text        NOT NULL CHECK (kind IN ('message', 'call', 'note', 'step')),
  content      text        NOT NULL CHECK (length(content) <= 20000),
  occurred_at  timestamptz NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, contact_id) REFERENCES contacts (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX memory_episodes_tenant_contact_idx ON memory_episodes (tenant_id, contact_id, occurred_at);

CREATE TABLE memory_facts (
  tenant_id    uuid        NOT NULL,
  id           uuid        NOT NULL,
  -- whose memory this is: facts between other entities (a contact's dog and its breed) belong to a contact too
  contact_id   uuid        NOT NULL,
  subject_id   uuid        NOT NULL,
  relation     text        NOT NULL CHECK (length(relation) BETWEEN 1 AND 100),
  object_id    uuid        NOT NULL,
  valid_from   timestamptz NOT NULL,
  valid_to     timestamptz,
  episode_id   uuid,
  source       text        NOT NULL DEFAULT '',
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, contact_id) REFERENCES contacts (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, subject_id) REFERENCES memory_entities (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, object_id) REFERENCES memory_entities (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, episode_id) REFERENCES memory_episodes (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX memory_facts_tenant_contact_idx ON memory_facts (tenant_id, contact_id, relation, valid_from);
CREATE INDEX memory_facts_tenant_subject_idx ON memory_facts (tenant_id, subject_id, relation) WHERE valid_to IS NULL;
CREATE INDEX memory_facts_tenant_object_idx ON memory_facts (tenant_id, object_id);
CREATE INDEX memory_facts_tenant_episode_idx ON memory_facts (tenant_id, episode_id);
CREATE UNIQUE INDEX memory_facts_tenant_current_key ON memory_facts (tenant_id, contact_id, subject_id, relation, object_id)
  WHERE valid_to IS NULL;

-- The old facts move over. The owner reads them past row-level security (NO FORCE) only here.
ALTER TABLE contact_facts NO FORCE ROW LEVEL SECURITY;
INSERT INTO memory_entities (tenant_id, id, contact_id, name, name_key, kind)
  SELECT DISTINCT tenant_id, gen_random_uuid(), contact_id, 'contact', 'contact:' || contact_id, 'contact'
    FROM (SELECT DISTINCT tenant_id, contact_id FROM contact_facts) c;
INSERT INTO memory_entities (tenant_id, id, name, name_key, kind)
  SELECT tenant_id, gen_random_uuid(), min(btrim(value)), key, 'value'
    FROM (SELECT tenant_id, value, lower(regexp_replace(btrim(value), '\s+', ' ', 'g')) AS key FROM contact_facts) v
   GROUP BY tenant_id, key
  ON CONFLICT (tenant_id, name_key) DO NOTHING;
INSERT INTO memory_facts (tenant_id, id, contact_id, subject_id, relation, object_id, valid_from, valid_to, source, created_at)
  SELECT f.tenant_id, f.id, f.contact_id, s.id, f.attribute, o.id, f.valid_from, f.valid_to, f.source, f.created_at
    FROM contact_facts f
    JOIN memory_entities s ON s.tenant_id = f.tenant_id AND s.name_key = 'contact:' || f.contact_id
    JOIN memory_entities o ON o.tenant_id = f.tenant_id AND o.name_key = lower(regexp_replace(btrim(f.value), '\s+', ' ', 'g'));
DROP TABLE contact_facts;

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['memory_entities', 'memory_episodes', 'memory_facts'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = current_tenant_id()) '
                   'WITH CHECK (tenant_id = current_tenant_id())', t);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO switchboard_app', t);
  END LOOP;
END
$$;
