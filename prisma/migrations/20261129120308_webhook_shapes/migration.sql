-- AlterTable
ALTER TABLE "messages" ADD COLUMN     "deleted_at" TIMESTAMPTZ(3),
ADD COLUMN     "edited_at" TIMESTAMPTZ(3),
ADD COLUMN     "from_business_app" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "group_id" TEXT;

-- AlterTable
ALTER TABLE "webhook_events" ADD COLUMN     "reason" TEXT;
