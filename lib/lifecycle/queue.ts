import { getBoss } from "@/lib/queue/boss";
import { QUEUES, queueOptions } from "@/lib/queue/queues";

export type LifecycleJob = { deletionId: string } | { accountUserId: string } | { sweep: true } | { retention: true };

/** The purge job of a workspace deletion, due when its grace window ends. */
export async function queueWorkspacePurge(deletionId: string, startAfter: Date): Promise<void> {
  const boss = await getBoss();
  await boss.send(QUEUES.lifecycle, { deletionId } satisfies LifecycleJob, { ...queueOptions()[QUEUES.lifecycle], startAfter, singletonKey: deletionId });
}

/** The deletion of an account, due when its grace window ends. */
export async function queueAccountDeletion(userId: string, startAfter: Date): Promise<void> {
  const boss = await getBoss();
  await boss.send(QUEUES.lifecycle, { accountUserId: userId } satisfies LifecycleJob, { ...queueOptions()[QUEUES.lifecycle], startAfter });
}
