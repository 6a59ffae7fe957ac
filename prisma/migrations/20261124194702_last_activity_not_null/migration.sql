-- A conversation that never had a message counts as active since it began.
UPDATE "conversations" SET "last_message_at" = "created_at" WHERE "last_message_at" IS NULL;

-- AlterTable
ALTER TABLE "conversations" ALTER COLUMN "last_message_at" SET NOT NULL,
ALTER COLUMN "last_message_at" SET DEFAULT CURRENT_TIMESTAMP;
