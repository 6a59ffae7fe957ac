-- AlterTable
ALTER TABLE "conversations" ADD COLUMN     "costs_rolled_version" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "costs_version" INTEGER NOT NULL DEFAULT 1;

-- CreateTable
CREATE TABLE "cost_rollups" (
    "conversation_id" UUID NOT NULL,
    "time_zone" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "category" TEXT NOT NULL,
    "measured" BOOLEAN NOT NULL,
    "charged" BOOLEAN NOT NULL,
    "units" INTEGER NOT NULL,

    CONSTRAINT "cost_rollups_pkey" PRIMARY KEY ("conversation_id","time_zone","day","category","measured","charged")
);

-- CreateIndex
CREATE INDEX "cost_rollups_time_zone_day_idx" ON "cost_rollups"("time_zone", "day");

-- AddForeignKey
ALTER TABLE "cost_rollups" ADD CONSTRAINT "cost_rollups_conversation_id_fkey" FOREIGN KEY ("conversation_id") REFERENCES "conversations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Not expressible in schema.prisma: an outbound message that appears, changes what it costs,
-- or disappears marks its conversation's roll-up out of date (lib/costs/rollup.ts). Inbound
-- messages are marked by the webhook's own update of the conversation (lib/inbound.ts).
CREATE FUNCTION "messages_costs_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "conversations" SET "costs_version" = "costs_version" + 1
  WHERE "id" = CASE WHEN TG_OP = 'DELETE' THEN OLD."conversation_id" ELSE NEW."conversation_id" END;
  RETURN NULL;
END
$$;

CREATE TRIGGER "messages_costs_insert" AFTER INSERT ON "messages"
  FOR EACH ROW WHEN (NEW."direction" = 'OUTBOUND') EXECUTE FUNCTION "messages_costs_changed"();

CREATE TRIGGER "messages_costs_update" AFTER UPDATE OF "status", "delivered_at", "sent_at", "accepted_at",
    "occurred_at", "pricing_category", "billable", "pricing_type", "template_category" ON "messages"
  FOR EACH ROW WHEN (NEW."direction" = 'OUTBOUND' AND (OLD."status", OLD."delivered_at", OLD."sent_at", OLD."accepted_at",
    OLD."occurred_at", OLD."pricing_category", OLD."billable", OLD."pricing_type", OLD."template_category")
    IS DISTINCT FROM (NEW."status", NEW."delivered_at", NEW."sent_at", NEW."accepted_at", NEW."occurred_at",
    NEW."pricing_category", NEW."billable", NEW."pricing_type", NEW."template_category"))
  EXECUTE FUNCTION "messages_costs_changed"();

CREATE TRIGGER "messages_costs_delete" AFTER DELETE ON "messages"
  FOR EACH ROW WHEN (OLD."direction" = 'OUTBOUND') EXECUTE FUNCTION "messages_costs_changed"();
