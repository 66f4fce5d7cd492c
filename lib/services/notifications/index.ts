export { enqueueNotifications, unitMembers, usersById, type NotifyInput, type NotifyResult, type Recipient } from "./enqueue";
export { deliverDueNotifications, type DeliveryOptions, type DeliveryReport } from "./deliver";
export { resendNotification } from "./resend";
