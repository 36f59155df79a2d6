// Plain-language descriptions of the member's own writes (outbox entries), in the current language.
import { t, tf } from "./i18n.svelte";
import type { Op } from "./types";

export function describeOp(op: Op): string {
  switch (op.type) {
    case "register_participant":
      return tf(op.kind === "observer" ? "op.registerObserver" : "op.registerSubstitute", { name: op.name });
    case "cancel_registration":
      return t("op.cancel");
    case "comment_minutes":
      return tf("op.comment", { text: op.text.length > 60 ? `${op.text.slice(0, 60)}…` : op.text });
    case "respond_procedure":
      return t(op.response.kind === "object" ? "op.object" : op.response.kind === "comment" ? "op.respondComment" : "op.agree");
    default:
      return t("op.other");
  }
}

/** The member's own words in a write, in full (a comment, or a written procedure's comment or
 *  objection), so a refused one can still be read and copied before it is dismissed. */
export function writtenText(op: Op): string | null {
  switch (op.type) {
    case "comment_minutes":
      return op.text;
    case "respond_procedure":
      return op.response.kind === "agree" ? null : op.response.text;
    default:
      return null;
  }
}
