"""Log-in security as a person meets it in the browser: lock-out with its rule, the forced password
change on first log-in, log-out, and reading messages in the inbox."""

from playwright.sync_api import expect

from sunshine.core.notifications import notify
from sunshine.org.tests.factories import UserFactory


def test_five_wrong_passwords_lock_the_account_and_name_the_rule(page, login, clerk, password):
    for _ in range(4):
        login(clerk, "Wrong#Pass1")
        expect(page.get_by_test_id("form-error")).to_contain_text("用户名或口令错误")
    login(clerk, "Wrong#Pass1")
    error = page.get_by_test_id("form-error")
    expect(error).to_contain_text("连续5次登录失败，账号已锁定至")
    expect(page.get_by_test_id("rule-basis")).to_contain_text("依据")
    expect(page.get_by_test_id("rule-basis")).to_contain_text("SEC-2")
    expect(page.get_by_test_id("rule-basis")).to_contain_text("连续5次登录失败锁定账号15分钟")
    login(clerk)  # the right password does not open a locked account
    expect(page.get_by_test_id("form-error")).to_contain_text("账号已锁定至")
    expect(page).to_have_url("/accounts/login/")


def test_first_login_forces_a_password_change_with_the_policy_in_chinese(page, login, password, db):
    newcomer = UserFactory(username="xinren", full_name="新同事", must_change_password=True)
    login(newcomer)
    expect(page).to_have_url("/accounts/password/")
    expect(page.get_by_test_id("must-change")).to_contain_text("须先修改口令")
    page.goto("/messages/")  # nothing else opens before the change
    expect(page).to_have_url("/accounts/password/")

    page.locator("#id_old_password").fill(password)
    page.locator("#id_new_password").fill("xinren12")
    page.locator("#id_new_password2").fill("xinren12")
    page.get_by_role("button", name="保存新口令").click()
    errors = page.get_by_test_id("error-new_password")
    expect(errors).to_contain_text("口令需包含大写字母、小写字母、数字、符号中的至少3类（SEC-4）")
    expect(errors).to_contain_text("口令不得包含用户名（SEC-4）")

    page.locator("#id_old_password").fill(password)
    page.locator("#id_new_password").fill("Yangguang#2027")
    page.locator("#id_new_password2").fill("Yangguang#2027")
    page.get_by_role("button", name="保存新口令").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("新同事，您好")
    expect(page.get_by_text("口令已修改")).to_be_visible()


def test_logout_ends_the_session(page, login, clerk):
    login(clerk)
    expect(page.get_by_test_id("whoami")).to_contain_text("张承办")
    page.get_by_role("button", name="退出").click()
    expect(page).to_have_url("/accounts/login/")
    expect(page.get_by_text("您已安全退出")).to_be_visible()
    page.goto("/")
    expect(page).to_have_url("/accounts/login/?next=/")


def test_marking_a_message_read_updates_it_and_the_unread_count_in_place(page, login, clerk, leader):
    notify(actor=leader, recipients=[clerk], title="请办理第1号办件")
    notify(actor=leader, recipients=[clerk], title="请办理第2号办件")
    login(clerk)
    expect(page.get_by_test_id("unread-count")).to_have_text("2")
    page.get_by_role("link", name="全部消息").click()
    item = page.locator("li", has_text="请办理第1号办件")
    item.get_by_role("button", name="标为已读").click()
    expect(item).to_contain_text("已读于")
    expect(page.get_by_test_id("unread-count")).to_have_text("1")
    expect(page).to_have_url("/messages/")  # no page load: htmx swapped the item and the count
