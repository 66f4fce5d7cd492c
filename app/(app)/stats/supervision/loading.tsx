import { ListSkeleton } from "@/components/tasks/skeleton";

export default function Loading() {
  return <ListSkeleton />;
}
