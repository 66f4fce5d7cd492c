import { test as setup } from "@playwright/test";
import { ROLE_USERS, loginAs, storageStatePath } from "./fixtures";

for (const username of Object.values(ROLE_USERS)) {
  setup(`log in as ${username}`, async ({ page }) => {
    await loginAs(page, username);
    await page.context().storageState({ path: storageStatePath(username) });
  });
}
