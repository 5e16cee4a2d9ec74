ALTER TABLE "suggestions" DROP CONSTRAINT "suggestions_kind_check";--> statement-breakpoint
ALTER TABLE "suggestions" ADD COLUMN "step_id" text;--> statement-breakpoint
ALTER TABLE "suggestions" ADD CONSTRAINT "suggestions_kind_check" CHECK ("suggestions"."kind" in ('goal', 'step', 'change', 'comment'));