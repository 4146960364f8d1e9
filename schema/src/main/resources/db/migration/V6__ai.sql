-- AI: knowledge bases (documents, their chunks with embeddings and full-text vectors) and the
-- token usage of AI steps. Every table is a tenant table: tenant_id first, row-level security.

CREATE TABLE knowledge_bases (
  tenant_id        uuid        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id               uuid        NOT NULL,
  name             text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  description      text        NOT NULL DEFAULT '',
  embedding_model  text        NOT NULL,
  -- Bumped whenever its chunks change, so in-memory vector indexes on every node know to reload.
  revision         bigint      NOT NULL DEFAULT 0,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX knowledge_bases_tenant_name_key ON knowledge_bases (tenant_id, lower(name));

-- An uploaded file and its ingestion. The file is kept (content) so ingestion survives a restart
-- and the knowledge base can be re-indexed when the embedding model changes.
CREATE TABLE kb_documents (
  tenant_id          uuid        NOT NULL,
  id                 uuid        NOT NULL,
  knowledge_base_id  uuid        NOT NULL,
  file_name          text        NOT NULL,
  content_type       text        NOT NULL DEFAULT '',
  size_bytes         bigint      NOT NULL,
  sha256             text        NOT NULL,
  content            bytea       NOT NULL,
  status             text        NOT NULL DEFAULT 'queued'
                                 CHECK (status IN ('queued', 'processing', 'indexed', 'failed')),
  progress           integer     NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
  error_code         text,
  error_message      text,
  pages              integer,
  chunk_count        integer     NOT NULL DEFAULT 0,
  attempts           integer     NOT NULL DEFAULT 0,
  embedding_model    text,
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  indexed_at         timestamptz,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, knowledge_base_id) REFERENCES knowledge_bases (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX kb_documents_tenant_kb_idx ON kb_documents (tenant_id, knowledge_base_id, created_at);
CREATE INDEX kb_documents_tenant_pending_idx ON kb_documents (tenant_id, updated_at) WHERE status IN ('queued', 'processing');

-- A passage of a document: its heading, text, embedding (float32 little-endian, the model's
-- dimensions) and its full-text vector for hybrid retrieval.
CREATE TABLE kb_chunks (
  tenant_id          uuid     NOT NULL,
  id                 uuid     NOT NULL,
  knowledge_base_id  uuid     NOT NULL,
  document_id        uuid     NOT NULL,
  ordinal            integer  NOT NULL,
  heading            text     NOT NULL DEFAULT '',
  content            text     NOT NULL,
  token_count        integer  NOT NULL,
  embedding          bytea    NOT NULL,
  -- to_tsvector('english', heading || ' ' || content), written with the chunk and ranked (BM25) on the
  -- in-memory index; a generated column would refuse the copies the tenant-isolation test makes.
  tsv                tsvector NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, document_id) REFERENCES kb_documents (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX kb_chunks_tenant_kb_idx ON kb_chunks (tenant_id, knowledge_base_id, document_id, ordinal);

-- One row per model call of an AI step: tokens and estimated cost, for quotas and billing.
CREATE TABLE ai_usage (
  tenant_id         uuid          NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id                uuid          NOT NULL,
  at                timestamptz   NOT NULL DEFAULT now(),
  workflow_id       uuid,
  execution_id      uuid,
  node_id           text          NOT NULL DEFAULT '',
  provider          text          NOT NULL,
  model             text          NOT NULL,
  input_tokens      integer       NOT NULL,
  output_tokens     integer       NOT NULL,
  cost_usd          numeric(14,6),
  tokens_estimated  boolean       NOT NULL DEFAULT false,
  sandbox           boolean       NOT NULL DEFAULT false,
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX ai_usage_tenant_at_idx ON ai_usage (tenant_id, at);
CREATE INDEX ai_usage_tenant_workflow_idx ON ai_usage (tenant_id, workflow_id, at);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['knowledge_bases', 'kb_documents', 'kb_chunks', 'ai_usage'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = current_tenant_id()) '
                   'WITH CHECK (tenant_id = current_tenant_id())', t);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO switchboard_app', t);
  END LOOP;
END
$$;

-- Documents whose ingestion a restart interrupted, across tenants (only their keys: they are
-- read and processed inside their tenant).
CREATE FUNCTION pending_kb_documents(p_limit integer)
  RETURNS TABLE (tenant_id uuid, id uuid)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
    SELECT d.tenant_id, d.id FROM kb_documents d
     WHERE d.status IN ('queued', 'processing') AND d.attempts < 5
     ORDER BY d.updated_at LIMIT p_limit
  $$;
REVOKE ALL ON FUNCTION pending_kb_documents(integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION pending_kb_documents(integer) TO switchboard_app;

-- Contact memory: facts about a contact that hold from valid_from until valid_to (empty while
-- current). A contradicting fact closes the old one; nothing is deleted, so history stays.
CREATE TABLE contact_facts (
  tenant_id     uuid        NOT NULL,
  id            uuid        NOT NULL,
  contact_id    uuid        NOT NULL,
  attribute     text        NOT NULL CHECK (length(attribute) BETWEEN 1 AND 100),
  value         text        NOT NULL CHECK (length(value) BETWEEN 1 AND 2000),
  valid_from    timestamptz NOT NULL,
  valid_to      timestamptz,
  source        text        NOT NULL DEFAULT '',
  created_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, contact_id) REFERENCES contacts (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX contact_facts_tenant_contact_idx ON contact_facts (tenant_id, contact_id, attribute, valid_from);
CREATE UNIQUE INDEX contact_facts_tenant_current_key ON contact_facts (tenant_id, contact_id, attribute) WHERE valid_to IS NULL;
ALTER TABLE contact_facts ENABLE ROW LEVEL SECURITY;
ALTER TABLE contact_facts FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON contact_facts USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
GRANT SELECT, INSERT, UPDATE, DELETE ON contact_facts TO switchboard_app;
