"""axe-core in the page: no serious or critical WCAG violations allowed, or none of any impact where asked."""

from axe_playwright_python.sync_playwright import Axe

SERIOUS = {"serious", "critical"}
EVERY_IMPACT = {"minor", "moderate", "serious", "critical"}


def axe_problems(page, impacts: set[str] = SERIOUS) -> list[str]:
    """axe's violations of these impacts on the page, each with its first three places."""
    results = Axe().run(page)
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} — "
        + "; ".join(
            node["target"][0] if isinstance(node["target"][0], str) else str(node["target"])
            for node in violation["nodes"][:3]
        )
        for violation in results.response["violations"]
        if violation["impact"] in impacts
    ]


def assert_accessible(page, impacts: set[str] = SERIOUS):
    problems = axe_problems(page, impacts)
    assert not problems, f"axe on {page.url}:\n" + "\n".join(problems)
