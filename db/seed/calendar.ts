/** The seed uses the same package calendar as the back office's 导入法定节假日 (runtime code lives in lib). */
export * from "@/lib/services/admin/calendar/package-calendar";
