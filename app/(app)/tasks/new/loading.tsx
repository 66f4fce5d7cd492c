import { DetailSkeleton } from "@/components/tasks/skeleton";

export default function Loading() {
  return <DetailSkeleton />;
}
