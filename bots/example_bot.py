"""An example bot: friendly, but careful about whom it trusts.

Copy this file, rename the class and change its rules. Enter it in a tournament with
    python run_game.py tournament --scenario tutorial --bot bots/example_bot.py:ExampleBot \
        --bot cooperator --bot opportunist --games 3
See docs/bots.md for every field of the observation and every action.
"""

from game.agents.bots import Bot, accept, keep, propose, reject

#: Below this trust in a partner, we do not make new agreements with it.
MINIMUM_TRUST = 0.35


class ExampleBot(Bot):
    name = "example"

    def act(self, observation):
        if observation["phase"] == "compliance":
            # Keep every promise: trust is worth more than a quick gain.
            return [keep(obligation) for obligation in observation["obligations"]]

        ids = observation["country_ids"]
        me = ids.index(observation["country"])

        def trusted(parties):
            # trust[i][j] is the trust country i holds in country j.
            return all(observation["trust"][me][ids.index(p)] >= MINIMUM_TRUST
                       for p in parties if p != observation["country"])

        actions = []
        # 1. Answer every offer that waits for us: yes if it raises our score and we trust
        #    everyone in it, no otherwise.
        for negotiation in observation["negotiations"]:
            if not negotiation["waiting_for_me"]:
                continue
            value = negotiation["my_value"] or 0.0
            if value > 0 and trusted(negotiation["parties"]):
                actions.append(accept(negotiation))
            else:
                actions.append(reject(negotiation))

        # 2. Propose the menu's best deal for us, if it gains and we trust the partners.
        if observation["proposals_allowed"]:
            good = [item for item in observation["menu"]
                    if (item["my_value"] or 0.0) > 0 and trusted(item["parties"])]
            if good:
                best = max(good, key=lambda item: item["my_value"])
                actions.append(propose(best["parties"], best["clauses"], best["duration"]))
        return actions
