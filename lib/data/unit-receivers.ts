import "server-only";

/** The pages' read of units nobody can receive for; the same query 交办 checks (services and seed scripts run outside Next). */
export { unitsWithoutReceiver } from "@/lib/services/tasks/unit-receivers";
