"""axe-core in the page: no serious or critical WCAG violations allowed."""

from axe_playwright_python.sync_playwright import Axe

SERIOUS = {"serious", "critical"}


def assert_accessible(page):
    results = Axe().run(page)
    problems = [
        f"{violation['id']} ({violation['impact']}): {violation['help']} — "
        + "; ".join(
            node["target"][0] if isinstance(node["target"][0], str) else str(node["target"])
            for node in violation["nodes"][:3]
        )
        for violation in results.response["violations"]
        if violation["impact"] in SERIOUS
    ]
    assert not problems, f"axe on {page.url}:\n" + "\n".join(problems)
