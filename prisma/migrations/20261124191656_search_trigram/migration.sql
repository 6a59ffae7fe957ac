-- CreateExtension
CREATE EXTENSION IF NOT EXISTS "pg_trgm";

-- CreateIndex
CREATE INDEX "contacts_profile_name_trgm_idx" ON "contacts" USING GIN ("profile_name" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "contacts_username_trgm_idx" ON "contacts" USING GIN ("username" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "contacts_wa_id_trgm_idx" ON "contacts" USING GIN ("wa_id" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "messages_text_trgm_idx" ON "messages" USING GIN ("text" gin_trgm_ops);
