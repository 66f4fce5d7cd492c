import type { UnitOption } from "@/lib/data/admin-users";

/**
 * <option>s for a unit picker, grouped under their group (区级部门, 街道 …). With `groupsSelectable`
 * (filters) a group itself can be picked and means "every unit in it".
 */
export function UnitOptions({ units, groupsSelectable = false, includeDisabled = false }: { units: UnitOption[]; groupsSelectable?: boolean; includeDisabled?: boolean }) {
  const visible = units.filter((u) => includeDisabled || u.enabled || groupsSelectable);
  const topLevel = visible.filter((u) => !u.isGroup && u.groupName === null);
  const groups = visible.filter((u) => u.isGroup);
  return (
    <>
      {topLevel.map((u) => (
        <option key={u.id} value={u.id}>
          {u.name}
          {u.enabled ? "" : "（已停用）"}
        </option>
      ))}
      {groups.map((g) => {
        const members = visible.filter((u) => !u.isGroup && u.groupName === g.name);
        return (
          <optgroup key={g.id} label={g.name}>
            {groupsSelectable && <option value={g.id}>{`全部${g.name}`}</option>}
            {members.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
                {u.enabled ? "" : "（已停用）"}
              </option>
            ))}
          </optgroup>
        );
      })}
    </>
  );
}
