-- the vector type comes from the pgvector extension
CREATE EXTENSION IF NOT EXISTS vector;
CREATE TABLE document (id bigserial PRIMARY KEY, embedding vector(384));
