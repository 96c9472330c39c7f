# Copyright 2026 contract_portal_share authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Random sequences of share, invite, move, merge, archive, revoke,
visibility, customer change, share end, signature and chatter steps, checked
after every step against a plain-Python model of the rule as readme/USAGE.md
states it ("Who sees what"): the record rules, "Who sees it", tokens and
followers through the ORM, and a rotating sample of people over HTTP (the
portal list and page, contract lines over JSON-RPC, old links).

The model below is written from the spec only, never from the addon's code:
a portal user (active user in the portal group whose partner is active) reads
contract K iff K's client company is their company and they are its requester,
one of its watchers, or their company lets colleagues see each other's
contracts; or, with the setting "Customers see their own contracts" on, their
own partner is K's customer. A signature asked of someone stays open only
while they read the contract, and only they may give it.

Sizes: CPS_FUZZ_EXAMPLES (sequences), CPS_FUZZ_STEPS (steps per sequence),
CPS_FUZZ_SEED (the sequences played), CPS_FUZZ_HTTP_EVERY (HTTP checks every
N steps), CPS_FUZZ_HTTP_PEOPLE (people checked over HTTP each time, rotating),
CPS_FUZZ_SHRINK=0 to report the first failing sequence without shrinking it
(faster when debugging),
CPS_FUZZ_CUSTOMER_SEES_OWN=True|False to fix the setting (else drawn).
"""

import logging
import os
import re
import sys
from collections import Counter, defaultdict

from hypothesis import HealthCheck, Phase, seed, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from odoo import http
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tests import HttpCase, JsonRpcException, tagged
from odoo.tools import mute_logger

from .common import new_user, one_timezone, signature_png

_logger = logging.getLogger(__name__)

EXAMPLES = int(os.environ.get("CPS_FUZZ_EXAMPLES", "20"))
STEPS = int(os.environ.get("CPS_FUZZ_STEPS", "30"))
# Derandomized, Hypothesis would draw from a digest of the class's source:
# any edit would play other sequences, some leaving a step unplayed. A seed
# of its own keeps the sequences until the rules themselves change.
SEED = int(os.environ.get("CPS_FUZZ_SEED", "20261204"))
HTTP_EVERY = int(os.environ.get("CPS_FUZZ_HTTP_EVERY", "6"))
HTTP_PEOPLE = int(os.environ.get("CPS_FUZZ_HTTP_PEOPLE", "4"))
SHRINK = os.environ.get("CPS_FUZZ_SHRINK", "1") != "0"
# "True" or "False" fixes the setting "Customers see their own contracts";
# unset, each sequence draws it.
CUSTOMER_SETTING = os.environ.get("CPS_FUZZ_CUSTOMER_SEES_OWN")

COMPANIES = ("A", "B", "C")
PERSONS = ("a1", "a2", "a3", "b1", "b2", "b3", "c1", "c2", "c3", "ind")
CONTRACTS = ("K_A", "K_B", "K_C", "K_ind")
CUSTOMER = {"K_A": "A", "K_B": "B", "K_C": "C", "K_ind": "ind"}
CUSTOMER_PARAM = "contract_portal_share.customer_sees_own"
MISSING_ID = 999999999


# === The model: plain Python, from readme/USAGE.md, "Who sees what" =======


class Person:
    def __init__(self, key, parent):
        self.key = key
        self.parent = parent  # a company key, or None: their own company
        self.user_active = True
        self.partner_active = True
        self.kind = "portal"  # portal, public (group removed) or internal

    @property
    def company(self):
        return self.parent or self.key

    @property
    def is_portal_user(self):
        return self.user_active and self.partner_active and self.kind == "portal"

    @property
    def membership(self):
        """The client company the person belongs to as a portal user."""
        return self.company if self.is_portal_user else None

    def __repr__(self):
        state = [self.kind]
        if not self.user_active:
            state.append("user archived")
        if not self.partner_active:
            state.append("contact archived")
        return f"{self.key}@{self.company}({', '.join(state)})"


class Share:
    def __init__(self, key):
        self.key = key
        self.customer = CUSTOMER[key]  # the contract's partner_id (a key)
        self.company = None  # portal_company_id (a key), None = not shared
        self.requester = None
        self.watchers = set()
        self.left = None  # True, False, or None when the spec does not say
        self.archived = False  # an archived contract is seen by nobody
        self.signer = None  # whose signature is asked for, not given yet
        # The state of the contract's current signature request, None when
        # none was ever asked.
        self.request = None


class Model:
    def __init__(self, visibility, customer_sees_own):
        self.persons = {
            key: Person(key, None if key == "ind" else key[0].upper())
            for key in PERSONS
        }
        self.shares = {key: Share(key) for key in CONTRACTS}
        self.visibility = dict(visibility)
        self.customer_sees_own = customer_sees_own

    def customer_company(self, contract):
        """contract.partner_id.commercial_partner_id, as a key."""
        customer = self.shares[contract].customer
        if customer in self.persons:
            return self.persons[customer].company
        return customer

    def can_read(self, person, contract):
        who, share = self.persons[person], self.shares[contract]
        if not who.is_portal_user or share.archived:
            return False
        if share.company is not None and share.company == who.company:
            if (
                share.requester == person
                or person in share.watchers
                or self.visibility.get(share.company, False)
            ):
                return True
        return self.customer_sees_own and share.customer == person

    def readable(self, person):
        return {k for k in CONTRACTS if self.can_read(person, k)}

    def can_share_with(self, person, contract):
        who = self.persons[person]
        return who.is_portal_user and who.company == self.customer_company(contract)

    def share(self, contract, requester, watchers):
        share = self.shares[contract]
        share.company = self.customer_company(contract)
        share.requester = requester
        share.watchers = set(watchers)
        share.left = False

    def unshare(self, contract):
        share = self.shares[contract]
        share.company, share.requester, share.watchers = None, None, set()
        share.left = None

    def drop_lost_signers(self):
        """Whoever can no longer read a contract loses the request to sign
        it, whatever took their access."""
        for share in self.shares.values():
            if share.signer and not self.can_read(share.signer, share.key):
                share.signer = None
                share.request = "cancelled"

    def change(self, person, mutate):
        """Apply ``mutate`` to a person, then what leaving a company does."""
        who = self.persons[person]
        before = who.membership
        mutate(who)
        if before is not None and who.membership != before:
            for share in self.shares.values():
                if share.company != before:
                    continue
                share.watchers.discard(person)
                if share.requester == person:
                    share.requester = None
                    share.left = True


def fmt(keys):
    return "{" + ", ".join(sorted(keys)) + "}"


# === The state machine ====================================================


class StateMachineStats:
    sequences = 0
    steps = 0
    orm_checks = 0
    http_requests = 0
    rules = Counter()


@seed(SEED)
class AccessLifecycle(RuleBasedStateMachine):
    """Set ``case`` to the running HttpCase before running the machine."""

    case = None

    def __init__(self):
        super().__init__()
        case = self.case
        self.env = case.env(context={})
        self.cr = self.env.cr
        self.savepoint = self.cr.savepoint()
        self.admin = self.env(user=case.env.ref("base.user_admin"))
        self.staff = self.env(user=case.manager)
        # People invited or merged during a sequence join these; both are
        # rolled back with it.
        self.users = dict(case.users)
        self.key_by_partner = dict(case.key_by_partner)
        self.invited = 0
        self.log = []
        self.step = 0
        # Tokens each person saw while they could read the contract.
        self.seen_tokens = defaultdict(set)
        self.model = None
        StateMachineStats.sequences += 1

    def teardown(self):
        self.savepoint.rollback()
        self.savepoint.close()
        self.env.invalidate_all()
        # Caches (record rules per user...) must not carry a rolled-back world.
        self.env.registry.clear_cache()

    # --- helpers ----------------------------------------------------------

    def user(self, person):
        return self.users[person].with_env(self.admin)

    def partner(self, key):
        if key is None:
            return self.env["res.partner"]
        if key in self.users:
            return self.users[key].partner_id.with_env(self.admin)
        return self.case.companies[key].with_env(self.admin)

    def contract(self, key, env=None):
        return self.case.contracts[key].with_env(env or self.admin)

    def key_of_partner(self, partner):
        if not partner:
            return None
        return self.key_by_partner.get(partner.id, f"partner#{partner.id}")

    def note(self, text):
        self.step += 1
        StateMachineStats.steps += 1
        # The rule that called: the summary says how often each was played.
        StateMachineStats.rules[sys._getframe(1).f_code.co_name] += 1
        self.log.append(f"{self.step}. {text}")

    def fail(self, problems):
        raise AssertionError(
            "\n".join(
                [
                    "Access lifecycle broke the rule (readme/USAGE.md, Who sees what).",
                    "Steps so far:",
                    *("  " + line for line in self.log),
                    f"Model: persons {list(self.model.persons.values())}",
                    "  visibility "
                    + str(self.model.visibility)
                    + f", customers see their own contracts: "
                    f"{self.model.customer_sees_own}",
                    "  shares "
                    + "; ".join(
                        f"{s.key}: company={s.company} requester={s.requester} "
                        f"watchers={fmt(s.watchers)} left={s.left} signer={s.signer}"
                        for s in self.model.shares.values()
                    ),
                    "Problems:",
                    *("  - " + problem for problem in problems),
                ]
            )
        )

    def change_person(self, person, mutate):
        self.model.change(person, mutate)

    def in_savepoint(self, call):
        """Run ``call`` as a request would: an error rolls everything back."""
        try:
            with self.cr.savepoint():
                call()
        except (UserError, ValidationError, AccessError) as error:
            self.env.invalidate_all()
            return error
        return None

    # --- world ------------------------------------------------------------

    @initialize(
        customer_sees_own=st.just(CUSTOMER_SETTING == "True")
        if CUSTOMER_SETTING
        else st.booleans()
    )
    def init_world(self, customer_sees_own):
        self.env["ir.config_parameter"].sudo().set_param(
            CUSTOMER_PARAM, str(customer_sees_own)
        )
        visibility = {
            key: partner.portal_colleague_visibility
            for key, partner in self.case.companies.items()
        }
        for key in PERSONS:
            visibility[key] = self.partner(key).portal_colleague_visibility
        self.model = Model(visibility, customer_sees_own)
        self.log.append(
            f"0. world: customers see their own contracts={customer_sees_own}, "
            f"colleague visibility {visibility}"
        )

    # --- steps by staff -----------------------------------------------------

    def pick(self, data, choices, label):
        return data.draw(st.sampled_from(sorted(choices)), label=label)

    def candidates(self, contract):
        return [p for p in self.model.persons if self.model.can_share_with(p, contract)]

    def shareable(self):
        # Archived contracts are refused (tested in test_audience).
        return [
            k
            for k in CONTRACTS
            if self.candidates(k) and not self.model.shares[k].archived
        ]

    @precondition(lambda self: self.model and self.shareable())
    @rule(data=st.data())
    def share(self, data):
        contract = self.pick(data, self.shareable(), "contract")
        candidates = self.candidates(contract)
        requester = data.draw(st.sampled_from(candidates), label="requester")
        others = [p for p in candidates if p != requester]
        watchers = (
            data.draw(st.sets(st.sampled_from(others)), label="watchers")
            if others
            else set()
        )
        self.note(
            f"staff share {contract}: requester {requester}, watchers {fmt(watchers)}"
        )
        error = self.in_savepoint(
            lambda: self.contract(contract, self.staff)._portal_share(
                self.partner(requester),
                self.env["res.partner"].browse([self.partner(w).id for w in watchers]),
            )
        )
        if error:
            self.fail([f"a valid share was refused: {error}"])
        self.model.share(contract, requester, watchers)
        followers = self.contract(contract).message_partner_ids
        missing = [
            p for p in {requester, *watchers} if self.partner(p) not in followers
        ]
        if missing:
            self.fail([f"{contract}: added people not following it: {fmt(missing)}"])

    @precondition(lambda self: self.model)
    @rule(contract=st.sampled_from(CONTRACTS), data=st.data())
    def share_refused(self, contract, data):
        """A requester or watcher not of the customer's company (or not a
        portal user) is refused with a ValidationError; nothing saved."""
        person = self.pick(
            data,
            [
                p
                for p in self.model.persons
                if not self.model.can_share_with(p, contract)
            ],
            "person",
        )
        valid = [
            p for p in self.model.persons if self.model.can_share_with(p, contract)
        ]
        as_requester = not valid or data.draw(st.booleans(), label="as_requester")
        requester = person if as_requester else valid[0]
        watchers = [] if as_requester else [person]
        self.note(
            f"staff share {contract}: requester {requester}, watchers {fmt(watchers)}"
            f" (must be refused: {self.model.persons[person]!r})"
        )
        before = self.snapshot(contract)
        error = self.in_savepoint(
            lambda: self.contract(contract, self.staff)._portal_share(
                self.partner(requester),
                self.env["res.partner"].browse([self.partner(w).id for w in watchers]),
            )
        )
        after = self.snapshot(contract)
        problems = []
        if not isinstance(error, ValidationError):
            problems.append(f"expected a ValidationError, got {error!r}")
        if before != after:
            problems.append(f"{contract} changed: {before} -> {after}")
        if problems:
            self.fail(problems)

    def snapshot(self, contract):
        self.env.invalidate_all()
        record = self.contract(contract)
        return (
            record.portal_company_id.id,
            record.portal_requester_id.id,
            tuple(sorted(record.portal_watcher_ids.ids)),
            tuple(sorted(record.message_partner_ids.ids)),
            record.access_token,
            len(record.message_ids),
        )

    def with_requester(self):
        return [
            k
            for k in CONTRACTS
            if self.model.shares[k].requester and not self.model.shares[k].archived
        ]

    @precondition(lambda self: self.model and self.with_requester())
    @rule(data=st.data())
    def edit_watchers(self, data):
        contract = self.pick(data, self.with_requester(), "contract")
        share = self.model.shares[contract]
        others = [
            p
            for p in self.model.persons
            if p != share.requester and self.model.can_share_with(p, contract)
        ]
        watchers = (
            data.draw(st.sets(st.sampled_from(others)), label="watchers")
            if others
            else set()
        )
        self.note(
            f"staff edit {contract}: watchers {fmt(share.watchers)} -> {fmt(watchers)}"
        )
        error = self.in_savepoint(
            lambda: self.contract(contract, self.staff)._portal_share(
                self.partner(share.requester),
                self.env["res.partner"].browse([self.partner(w).id for w in watchers]),
            )
        )
        if error:
            self.fail([f"a valid edit was refused: {error}"])
        self.model.share(contract, share.requester, watchers)

    @precondition(lambda self: self.model and self.with_requester())
    @rule(data=st.data())
    def ask_signature(self, data):
        contract = self.pick(data, self.with_requester(), "contract")
        share = self.model.shares[contract]
        signer = self.pick(data, {share.requester, *share.watchers}, "signer")
        self.note(f"staff ask {signer} to sign {contract}")
        error = self.in_savepoint(
            lambda: self.contract(contract, self.staff)._portal_request_signature(
                self.partner(signer)
            )
        )
        if error:
            self.fail([f"a valid signature request was refused: {error}"])
        share.signer = signer
        share.request = "open"

    @precondition(lambda self: self.model)
    @rule(data=st.data(), person=st.sampled_from(PERSONS))
    def sign(self, data, person):
        """Someone signs a contract, often one whose signature is asked: only
        the signer it is asked of may."""
        asked = [k for k in CONTRACTS if self.model.shares[k].signer]
        contract = self.pick(data, asked or CONTRACTS, "contract")
        share = self.model.shares[contract]
        if share.signer and data.draw(st.booleans(), label="the signer"):
            person = share.signer
        expected = person == share.signer
        self.note(
            f"{person} signs {contract} (asked of {share.signer}: "
            f"{'signed' if expected else 'refused'})"
        )
        error = self.in_savepoint(
            lambda: self.contract(contract)
            .sudo()
            ._portal_sign(self.partner(person), person, signature_png())
        )
        if expected and error:
            self.fail([f"the signer's signature was refused: {error}"])
        if not expected and not error:
            self.fail([f"{person} signed {contract} for {share.signer}"])
        if expected:
            share.signer = None
            share.request = "signed"

    @precondition(lambda self: self.model)
    @rule(contract=st.sampled_from(CONTRACTS))
    def unshare(self, contract):
        self.note(f"staff remove {contract} from the portal")
        error = self.in_savepoint(
            lambda: self.contract(contract, self.staff).action_portal_unshare()
        )
        if error:
            self.fail([f"unshare refused: {error}"])
        self.model.unshare(contract)

    @precondition(lambda self: self.model)
    @rule(contract=st.sampled_from(CONTRACTS), data=st.data())
    def change_customer(self, contract, data):
        customer = self.pick(data, [*COMPANIES, "ind"], "new customer")
        self.note(f"staff change the customer of {contract} to {customer}")
        error = self.in_savepoint(
            lambda: self.contract(contract, self.staff).write(
                {"partner_id": self.partner(customer).id}
            )
        )
        if error:
            self.fail([f"customer change refused: {error}"])
        share = self.model.shares[contract]
        share.customer = customer
        # The share belonged to the former customer's company: it ends.
        if share.company is not None and share.company != (
            self.model.customer_company(contract)
        ):
            self.model.unshare(contract)

    @precondition(lambda self: self.model)
    @rule(person=st.sampled_from(PERSONS), data=st.data())
    def move(self, person, data):
        who = self.model.persons[person]
        to = data.draw(
            st.sampled_from([c for c in (*COMPANIES, None) if c != who.parent]),
            label="to",
        )
        self.note(f"staff move {person} from {who.company} to {to or 'no company'}")
        # Odoo lets only admins edit the contact of an internal user.
        env = self.admin if who.kind == "internal" else self.staff
        error = self.in_savepoint(
            lambda: self.partner(person)
            .with_env(env)
            .write({"parent_id": self.partner(to).id or False})
        )
        if error:
            self.fail([f"moving {person} was refused: {error}"])
        self.change_person(person, lambda w: setattr(w, "parent", to))

    def people(self, test):
        return [p for p in self.model.persons if test(self.model.persons[p])]

    @precondition(lambda self: self.model and self.people(lambda w: w.user_active))
    @rule(data=st.data(), also_contact=st.booleans())
    def archive(self, data, also_contact):
        person = self.pick(data, self.people(lambda w: w.user_active), "person")
        who = self.model.persons[person]
        self.note(
            f"admin archive {person}'s user" + (" and contact" if also_contact else "")
        )

        def archive():
            self.user(person).write({"active": False})
            if also_contact:
                self.partner(person).write({"active": False})

        error = self.in_savepoint(archive)
        if error:
            self.fail([f"archiving {person} ({who!r}) was refused: {error}"])

        def mutate(w):
            w.user_active = False
            w.partner_active = w.partner_active and not also_contact

        self.change_person(person, mutate)

    @precondition(lambda self: self.model and self.people(lambda w: not w.user_active))
    @rule(data=st.data())
    def restore(self, data):
        person = self.pick(data, self.people(lambda w: not w.user_active), "person")
        self.note(f"admin restore {person}'s user (and so its contact)")
        error = self.in_savepoint(lambda: self.user(person).write({"active": True}))
        if error:
            self.fail([f"restoring {person} was refused: {error}"])

        def mutate(w):
            w.user_active = w.partner_active = True

        self.change_person(person, mutate)

    def portal_wizard_line(self, person):
        wizard = (
            self.env["portal.wizard"]
            .with_env(self.admin)
            .with_context(active_ids=[self.partner(person).id])
            .create({})
        )
        return wizard.user_ids.filtered(
            lambda line: line.partner_id == self.partner(person)
        )

    @staticmethod
    def revocable(who):
        return who.user_active and who.kind == "portal"

    @staticmethod
    def grantable(who):
        # Odoo's portal wizard lists active contacts only: staff restore an
        # archived contact before granting it access.
        return (
            who.partner_active
            and who.kind != "internal"
            and not (who.user_active and who.kind == "portal")
        )

    @precondition(lambda self: self.model and self.people(self.revocable))
    @rule(data=st.data())
    def revoke_portal(self, data):
        person = self.pick(data, self.people(self.revocable), "person")
        self.note(f"admin revoke {person}'s portal access (portal.wizard)")
        error = self.in_savepoint(
            lambda: self.portal_wizard_line(person).action_revoke_access()
        )
        if error:
            self.fail([f"revoking {person} was refused: {error}"])
        # Odoo 19's wizard archives the portal user.
        self.change_person(person, lambda w: setattr(w, "user_active", False))

    @precondition(lambda self: self.model and self.people(self.grantable))
    @rule(data=st.data())
    def grant_portal(self, data):
        person = self.pick(data, self.people(self.grantable), "person")
        self.note(f"admin grant {person} portal access (portal.wizard)")
        error = self.in_savepoint(
            lambda: self.portal_wizard_line(person).action_grant_access()
        )
        if error:
            self.fail([f"granting {person} was refused: {error}"])

        def mutate(w):
            w.user_active = w.partner_active = True
            w.kind = "portal"

        self.change_person(person, mutate)

    @precondition(lambda self: self.model)
    @rule(person=st.sampled_from(PERSONS), data=st.data())
    def change_user_type(self, person, data):
        """The group change staff make on the user: portal group removed (for
        the public group, as the portal wizard did before 17), made internal,
        or made portal again."""
        who = self.model.persons[person]
        kinds = [k for k in ("public", "internal", "portal") if k != who.kind]
        kind = data.draw(st.sampled_from(kinds), label="kind")
        groups = {
            "public": "base.group_public",
            "internal": "base.group_user",
            "portal": "base.group_portal",
        }
        self.note(f"admin make {person}'s user {kind} (group change)")
        error = self.in_savepoint(
            lambda: self.user(person).write(
                {"group_ids": [Command.set(self.env.ref(groups[kind]).ids)]}
            )
        )
        if error:
            self.fail([f"making {person} {kind} was refused: {error}"])
        self.change_person(person, lambda w: setattr(w, "kind", kind))

    @precondition(lambda self: self.model)
    @rule(company=st.sampled_from(COMPANIES), visible=st.booleans())
    def switch_visibility(self, company, visible):
        self.note(f"staff set colleague visibility of {company} to {visible}")
        error = self.in_savepoint(
            lambda: self.partner(company)
            .with_env(self.staff)
            .write({"portal_colleague_visibility": visible})
        )
        if error:
            self.fail([f"switching visibility of {company} was refused: {error}"])
        self.model.visibility[company] = visible

    @precondition(lambda self: self.model)
    @rule(value=st.booleans())
    def switch_customer_setting(self, value):
        self.note(f"admin set 'Customers see their own contracts' to {value}")
        error = self.in_savepoint(
            lambda: self.env["ir.config_parameter"]
            .with_env(self.admin)
            .sudo()
            .set_param(CUSTOMER_PARAM, str(value))
        )
        if error:
            self.fail([f"switching the setting was refused: {error}"])
        self.model.customer_sees_own = value

    @precondition(lambda self: self.model)
    @rule(contract=st.sampled_from(CONTRACTS))
    def archive_or_restore_contract(self, contract):
        share = self.model.shares[contract]
        self.note(f"staff {'restore' if share.archived else 'archive'} {contract}")
        error = self.in_savepoint(
            lambda: self.contract(contract, self.staff)
            .with_context(active_test=False)
            .write({"active": share.archived})
        )
        if error:
            self.fail([f"archiving or restoring {contract} was refused: {error}"])
        share.archived = not share.archived

    def invitable(self):
        return [
            k
            for k in CONTRACTS
            if self.model.customer_company(k) in COMPANIES
            and not self.model.shares[k].archived
        ]

    @precondition(lambda self: self.model and self.invitable())
    @rule(data=st.data())
    def invite(self, data):
        """Staff open the window on a contract, invite a new person of its
        client company (a contact and a portal user are created, and the window
        names them requester when it has none, else watcher), then confirm."""
        contract = self.pick(data, self.invitable(), "contract")
        company = self.model.customer_company(contract)
        self.invited += 1
        key = f"inv{self.invited}"
        email = f"cps_fz_{key}@fuzz-{company.lower()}.example.com"
        share = self.model.shares[contract]
        shared = share.company is not None
        requester = share.requester if shared and share.requester else key
        watchers = set(share.watchers) if shared else set()
        if requester != key:
            watchers.add(key)
        self.note(
            f"staff invite {key} of {company} from {contract}'s window, then confirm"
            f" (requester {requester}, watchers {fmt(watchers)})"
        )

        def invite():
            wizard = (
                self.env["contract.portal.share"]
                .with_env(self.staff)
                .with_context(
                    active_model="contract.contract",
                    active_ids=[self.contract(contract).id],
                )
                .create({})
            )
            wizard.write({"invite_name": f"Fuzz Invited {key}", "invite_email": email})
            wizard.action_invite()
            wizard.action_share()

        error = self.in_savepoint(invite)
        if error:
            self.fail([f"inviting {key} was refused: {error}"])
        user = (
            self.env["res.users"].with_env(self.admin).search([("login", "=", email)])
        )
        if len(user) != 1 or not user._is_portal():
            self.fail([f"inviting {key} made no portal user: {user!r}"])
        # The invitation lets them choose a password; the test chooses it.
        user.password = email
        self.users[key] = user
        self.key_by_partner[user.partner_id.id] = key
        self.model.persons[key] = Person(key, company)
        self.model.share(contract, requester, watchers)

    @precondition(lambda self: self.model and self.people(lambda w: w.key != "ind"))
    @rule(data=st.data())
    def merge(self, data):
        """An administrator merges a person's contact into a new contact of a
        client company (Odoo's merge wizard): their user now belongs to that
        contact, and shares follow it only within the same client company."""
        person = self.pick(data, self.people(lambda w: w.key != "ind"), "person")
        to = data.draw(st.sampled_from(COMPANIES), label="into a contact of")
        self.note(f"admin merge {person}'s contact into a new contact of {to}")
        source = self.partner(person)

        def merge():
            twin = (
                self.env["res.partner"]
                .with_env(self.admin)
                .create({"name": f"Twin of {person}", "parent_id": self.partner(to).id})
            )
            wizard = (
                self.env["base.partner.merge.automatic.wizard"]
                .with_env(self.admin)
                .create(
                    {
                        "partner_ids": [Command.set((source | twin).ids)],
                        "dst_partner_id": twin.id,
                    }
                )
            )
            wizard.action_merge()
            return twin

        twins = []
        error = self.in_savepoint(lambda: twins.append(merge()))
        if error:
            self.fail([f"merging {person} was refused: {error}"])
        self.env.invalidate_all()
        if self.partner(person) != twins[0] or source.exists():
            self.fail([f"{person}'s user is not on the merged contact"])
        self.key_by_partner.pop(source.id, None)
        self.key_by_partner[twins[0].id] = person

        def mutate(w):
            w.parent = to
            w.partner_active = True

        self.change_person(person, mutate)

    @precondition(
        lambda self: self.model
        and any(s.company is not None for s in self.model.shares.values())
    )
    @rule(data=st.data())
    def share_ends_by_date(self, data):
        shared = [k for k, s in self.model.shares.items() if s.company is not None]
        contract = self.pick(data, shared, "share that ends")
        self.note(f"the clock passes {contract}'s 'Visible until'; the daily job runs")

        def end():
            record = self.contract(contract, self.admin).with_context(active_test=False)
            record.write({"portal_visible_until": "2000-01-01"})
            self.env["contract.contract"].with_env(self.admin)._cron_portal_end_shares()

        error = self.in_savepoint(end)
        if error:
            self.fail([f"the share-end job failed: {error}"])
        # An archived contract's share ends too: the job sees every share.
        self.model.unshare(contract)

    # --- steps by portal users over HTTP ----------------------------------

    def login(self, person):
        """Log in as ``person`` if their user can, else browse anonymously."""
        self.env.flush_all()
        who = self.model.persons[person] if person else None
        if who and who.user_active:
            self.case.authenticate(self.users[person].login, self.users[person].login)
            return True
        self.case.authenticate(None, None)
        return False

    def request(self, url, **kwargs):
        self.env.flush_all()
        StateMachineStats.http_requests += 1
        response = self.case.url_open(url, allow_redirects=False, timeout=60, **kwargs)
        self.env.invalidate_all()
        return response

    @precondition(lambda self: self.model)
    @rule(person=st.sampled_from(PERSONS), contract=st.sampled_from(CONTRACTS))
    def post_in_chatter(self, person, contract):
        allowed = self.model.can_read(person, contract)
        record = self.contract(contract)
        if allowed:
            token = record._portal_ensure_token()
        else:
            # The best they have: a token seen while they had access.
            token = max(self.seen_tokens[person, contract], default=None)
        logged_in = self.login(person)
        self.note(
            f"{person} posts in {contract}'s portal chatter "
            f"({'logged in' if logged_in else 'anonymous'}, "
            f"{'current' if allowed else 'old' if token else 'no'} token; "
            f"expected {'accepted' if allowed else 'refused'})"
        )
        before = len(record.message_ids)
        body = f"Fuzz post {self.step} by {person}"
        StateMachineStats.http_requests += 1
        self.env.flush_all()
        try:
            result = self.case.make_jsonrpc_request(
                "/mail/message/post",
                {
                    "thread_model": "contract.contract",
                    "thread_id": record.id,
                    "post_data": {"body": body, "message_type": "comment"},
                    "token": token,
                },
            )
        except JsonRpcException as error:
            result = error
        self.env.invalidate_all()
        record = self.contract(contract)
        posted = len(record.message_ids) - before
        problems = []
        if allowed:
            if posted != 1:
                problems.append(f"post by {person} on {contract} not saved: {result!r}")
            elif (
                person == self.model.shares[contract].requester
                or person in self.model.shares[contract].watchers
            ) and self.partner(person) not in record.message_partner_ids:
                # Odoo 19 subscribes no portal author (mail.thread's
                # message_post skips partner_share authors): requester and
                # watchers follow from the share, colleagues do not.
                problems.append(f"{person} of {contract}'s share does not follow it")
            else:
                message = record.message_ids.sorted("id")[-1]
                notified = {
                    self.key_of_partner(p)
                    for p in message.notification_ids.res_partner_id
                } & set(self.model.persons)
                strays = {p for p in notified if not self.model.can_read(p, contract)}
                if strays:
                    problems.append(
                        f"{contract}: post notified people without access {fmt(strays)}"
                    )
        elif posted or not isinstance(result, JsonRpcException):
            problems.append(
                f"post by {person} on {contract} accepted "
                f"({posted} message(s), {result!r})"
            )
        if problems:
            self.fail(problems)

    def managed(self):
        return [
            k
            for k in self.with_requester()
            if self.model.persons[self.model.shares[k].requester].is_portal_user
        ]

    @precondition(lambda self: self.model and self.managed())
    @rule(data=st.data(), add=st.booleans())
    def requester_manages_watchers(self, data, add):
        """The requester adds someone (anyone: the page must refuse outsiders)
        or removes a watcher in the portal page."""
        contract = self.pick(data, self.managed(), "contract")
        share = self.model.shares[contract]
        requester = share.requester
        add = add or not share.watchers
        person = self.pick(
            data,
            [p for p in self.model.persons if p != requester]
            if add
            else share.watchers,
            "person",
        )
        action = "add" if add else "remove"
        if add:
            expected = person not in share.watchers and self.model.can_share_with(
                person, contract
            )
        else:
            expected = person in share.watchers
        self.note(
            f"{requester} (requester) {action}s watcher {person} on {contract} in the"
            f" portal (expected {'done' if expected else 'no change'})"
        )
        self.login(requester)
        csrf = http.Request.csrf_token(self.case)
        response = self.request(
            f"/my/contracts/{self.contract(contract).id}/watchers/{action}",
            data={"partner_id": self.partner(person).id, "csrf_token": csrf},
        )
        if response.status_code >= 500:
            self.fail([f"{action} watcher answered {response.status_code}"])
        if expected:
            watchers = set(share.watchers)
            if add:
                watchers.add(person)
            else:
                watchers.discard(person)
            share.watchers = watchers

    # --- the check after every step --------------------------------------

    @invariant()
    def matches_the_model(self):
        if self.model is None:
            return
        self.env.invalidate_all()
        self.model.drop_lost_signers()
        problems = self.check_orm()
        if self.step % HTTP_EVERY == 0:
            problems += self.check_http()
        if problems:
            self.fail(problems)

    def check_orm(self):
        problems = []
        model = self.model
        ids = {key: self.case.contracts[key].id for key in CONTRACTS}
        by_id = {v: k for k, v in ids.items()}
        # Share fields.
        for key in CONTRACTS:
            # Archived people stay visible here: they must have been removed.
            share = model.shares[key]
            record = self.contract(key).with_context(active_test=False)
            got_company = self.key_of_partner(record.portal_company_id)
            got_requester = self.key_of_partner(record.portal_requester_id)
            got_watchers = {self.key_of_partner(p) for p in record.portal_watcher_ids}
            if (got_company, got_requester, got_watchers) != (
                share.company,
                share.requester,
                share.watchers,
            ):
                problems.append(
                    f"{key}: share fields company={got_company} "
                    f"requester={got_requester} watchers={fmt(got_watchers)}, "
                    f"expected company={share.company} requester={share.requester} "
                    f"watchers={fmt(share.watchers)}"
                )
            if share.left is not None:
                if "portal_requester_left" not in record._fields:
                    problems.append(f"{key}: no field portal_requester_left")
                elif record.portal_requester_left != share.left:
                    problems.append(
                        f"{key}: portal_requester_left={record.portal_requester_left}, "
                        f"expected {share.left}"
                    )
            # Followers are among the people who may read it.
            for partner in record.message_partner_ids:
                person = self.key_by_partner.get(partner.id)
                if person in model.persons and not model.can_read(person, key):
                    problems.append(
                        f"{key}: {person} ({model.persons[person]!r}) follows it "
                        "but may not read it"
                    )
        problems += self.check_signers()
        problems += self.check_reads(ids, by_id)
        problems += self.check_who_sees_it(ids, by_id)
        problems += self.check_tokens()
        return problems

    def check_signers(self):
        problems = []
        for key in CONTRACTS:
            lines = self.env["contract.portal.signature"].search(
                [
                    ("contract_id", "=", self.case.contracts[key].id),
                    ("state", "in", ("pending", "waiting")),
                ]
            )
            got = {self.key_of_partner(p) for p in lines.partner_id}
            signer = self.model.shares[key].signer
            if got != ({signer} if signer else set()):
                problems.append(
                    f"{key}: signature asked of {fmt(got)}, expected "
                    f"{fmt({signer} if signer else set())}"
                )
            request = self.case.contracts[key].sudo().portal_sign_request_id
            if (request.state or None) != self.model.shares[key].request:
                problems.append(
                    f"{key}: signature request {request.state or None}, expected "
                    f"{self.model.shares[key].request}"
                )
        return problems

    def check_who_sees_it(self, ids, by_id):
        """The back office's "Who sees it" lists exactly who may read."""
        problems = []
        rows = self.env["contract.portal.audience"].search(
            [("contract_id", "in", list(ids.values()))]
        )
        listed = defaultdict(set)
        for row in rows:
            listed[self.key_of_partner(row.partner_id)].add(by_id[row.contract_id.id])
        for person in self.model.persons:
            expected = self.model.readable(person)
            if listed.get(person, set()) != expected:
                problems.append(
                    f"Who sees it lists {person} on {fmt(listed.get(person, set()))},"
                    f" expected {fmt(expected)}"
                )
        strangers = set(listed) - set(self.model.persons)
        if strangers:
            problems.append(f"Who sees it lists people outside the world: {strangers}")
        return problems

    def check_reads(self, ids, by_id):
        """What each active user reads through the record rules."""
        problems, model = [], self.model
        for person, who in model.persons.items():
            if not who.user_active:
                continue
            expected = model.readable(person)
            env = self.env(user=self.users[person].id, context={})
            StateMachineStats.orm_checks += 1
            try:
                found = {
                    by_id[i]
                    for i in env["contract.contract"]
                    .search([("id", "in", list(ids.values()))])
                    .ids
                }
            except AccessError:
                found = set()
            # Set-based: the records the access check lets through, as read()
            # checks them, then a read of those; one read per contract, each
            # refused read building Odoo's detailed error, took most of the
            # test's time.
            allowed = (
                env["contract.contract"]
                .browse(list(ids.values()))
                ._filtered_access("read")
            )
            allowed.read(["name", "code"])
            readable = {by_id[i] for i in allowed.ids}
            try:
                modifications = {
                    by_id[c.id]
                    for c in env["contract.modification"]
                    .search([("contract_id", "in", list(ids.values()))])
                    .sudo()
                    .contract_id
                }
            except AccessError:
                modifications = set()
            for label, got in (
                ("search", found),
                ("read", readable),
                ("contract.modification search", modifications),
            ):
                if got != expected:
                    problems.append(
                        f"{person} ({who!r}) {label}: got {fmt(got)}, expected "
                        f"{fmt(expected)}"
                    )
        return problems

    def check_tokens(self):
        """Remember the tokens readers see; dead tokens must stay dead."""
        problems, model = [], self.model
        for key in CONTRACTS:
            record = self.contract(key)
            readers = [p for p in model.persons if model.can_read(p, key)]
            if readers:
                token = record._portal_ensure_token()
                for person in readers:
                    self.seen_tokens[person, key].add(token)
            for person in model.persons:
                if person in readers:
                    continue
                if (
                    record.access_token
                    and record.access_token in self.seen_tokens[person, key]
                ):
                    problems.append(
                        f"{key}: {person} ({model.persons[person]!r}) lost access "
                        "but the access token they saw still opens it"
                    )
        return problems

    def dead_tokens(self):
        tokens = []
        for (person, key), seen in sorted(self.seen_tokens.items()):
            if not self.model.can_read(person, key):
                for token in sorted(seen):
                    if (key, token) not in tokens:
                        tokens.append((key, token))
        return tokens

    def missing_answer(self):
        response = self.request(f"/my/contracts/{MISSING_ID}")
        return response.status_code, response.headers.get("Location")

    def answer_as_missing(self, response, contract_id):
        """The answer, with the contract's id in a login redirect read as the
        missing contract's: a visitor without a portal session is asked to log
        in and brought back to the page they asked for."""
        location = (response.headers.get("Location") or "").replace(
            f"%2Fmy%2Fcontracts%2F{contract_id}", f"%2Fmy%2Fcontracts%2F{MISSING_ID}"
        ) or None
        return response.status_code, location

    def lines_over_json_rpc(self, ids):
        """The contracts whose lines the logged-in user reads over JSON-RPC."""
        by_id = {v: k for k, v in ids.items()}
        self.env.flush_all()
        StateMachineStats.http_requests += 1
        try:
            rows = self.case.make_jsonrpc_request(
                "/web/dataset/call_kw/contract.line/search_read",
                {
                    "model": "contract.line",
                    "method": "search_read",
                    "args": [[("contract_id", "in", list(ids.values()))]],
                    "kwargs": {"fields": ["contract_id", "name"]},
                },
            )
        except JsonRpcException:
            rows = []
        return {by_id[row["contract_id"][0]] for row in rows}

    def check_http(self):
        problems = []
        ids = {key: self.case.contracts[key].id for key in CONTRACTS}
        rotating = CONTRACTS[(self.step // HTTP_EVERY) % len(CONTRACTS)]
        people = list(self.model.persons)
        for index, person in enumerate(people):
            # A rotating sample of people per check keeps the test fast.
            if (index + self.step // HTTP_EVERY) % len(people) >= HTTP_PEOPLE:
                continue
            if not self.model.persons[person].user_active:
                continue
            self.login(person)
            # Per person: a user without portal access is sent to log in.
            missing = self.missing_answer()
            expected = self.model.readable(person)
            response = self.request("/my/contracts")
            listed = set()
            if response.status_code == 200:
                shown = {
                    int(i) for i in re.findall(r"/my/contracts/(\d+)", response.text)
                }
                listed = {k for k, i in ids.items() if i in shown}
            elif response.status_code >= 400:
                problems.append(
                    f"{person}: /my/contracts answered {response.status_code}"
                )
            if listed != expected:
                problems.append(
                    f"{person} HTTP /my/contracts lists {fmt(listed)}, "
                    f"expected {fmt(expected)}"
                )
            lines = self.lines_over_json_rpc(ids)
            if lines != expected:
                problems.append(
                    f"{person} JSON-RPC contract.line search_read reads the lines of "
                    f"{fmt(lines)}, expected {fmt(expected)}"
                )
            response = self.request(f"/my/contracts/{ids[rotating]}")
            if rotating in expected:
                if response.status_code != 200:
                    problems.append(
                        f"{person} HTTP /my/contracts/<{rotating}>: "
                        f"{response.status_code}, expected 200"
                    )
            elif self.answer_as_missing(response, ids[rotating]) != missing:
                problems.append(
                    f"{person} HTTP /my/contracts/<{rotating}>: {response.status_code} "
                    f"{response.headers.get('Location')}, expected the missing "
                    "contract's answer"
                )
        self.login(None)
        missing = self.missing_answer()
        for key, token in self.dead_tokens()[:3]:
            response = self.request(f"/my/contracts/{ids[key]}?access_token={token}")
            answer = self.answer_as_missing(response, ids[key])
            if token in (answer[1] or "") or answer != missing:
                problems.append(
                    f"{key}: an old token of someone who lost access answers "
                    f"{response.status_code}, expected the missing contract's {missing}"
                )
        return problems


@tagged("post_install", "-at_install")
class TestAccessLifecycle(HttpCase):
    """Plays random sequences (Hypothesis, derandomized) on a small world:
    client companies A, B, C with portal users a1-a3, b1-b3, c1-c3, an
    individual client ``ind`` (a portal user who is its own company) and one
    contract per customer."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env(context={"no_reset_password": True, "tracking_disable": True})
        one_timezone(env)
        cls.manager = new_user(
            env,
            login="cps_fz_manager",
            name="Fuzz Manager",
            email="fz_manager@example.com",
            groups="base.group_user,account.group_account_manager,"
            "base.group_partner_manager",
        )
        Partner = env["res.partner"]
        cls.companies = {
            key: Partner.create(
                {
                    "name": f"Fuzz {key} Ltd",
                    "is_company": True,
                    "portal_colleague_visibility": key != "B",
                }
            )
            for key in COMPANIES
        }
        cls.users = {}
        for key in PERSONS:
            company = None if key == "ind" else cls.companies[key[0].upper()]
            cls.users[key] = new_user(
                env,
                login=f"cps_fz_{key}",
                password=f"cps_fz_{key}",
                name=f"Fuzz Person {key}",
                email=f"cps_fz_{key}@example.com",
                groups="base.group_portal",
                parent_id=company.id if company else False,
            )
        cls.contracts = {}
        for key in CONTRACTS:
            customer = CUSTOMER[key]
            partner = (
                cls.users[customer].partner_id
                if customer in PERSONS
                else cls.companies[customer]
            )
            contract = env["contract.contract"].create(
                {
                    "name": f"Fuzz contract {key}",
                    "code": f"FZ-{key}",
                    "partner_id": partner.id,
                }
            )
            env["contract.modification"].create(
                {
                    "contract_id": contract.id,
                    "date": "2026-01-01",
                    "description": "Fuzz",
                }
            )
            env["contract.line"].create(
                {
                    "contract_id": contract.id,
                    "name": f"Service of {key}",
                    "quantity": 1,
                    "price_unit": 10,
                    "date_start": "2026-01-01",
                    "recurring_next_date": "2026-02-01",
                }
            )
            cls.contracts[key] = contract
        cls.key_by_partner = {p.id: k for k, p in cls.companies.items()}
        cls.key_by_partner.update({u.partner_id.id: k for k, u in cls.users.items()})

    @mute_logger(
        "odoo.http",
        "odoo.addons.base.models.ir_rule",
        "odoo.addons.base.models.ir_model",
        "odoo.addons.mail.models.mail_mail",
        "odoo.models.unlink",
    )
    def test_access_lifecycle(self):
        AccessLifecycle.case = self
        stats = StateMachineStats
        start = (
            stats.sequences,
            stats.steps,
            stats.orm_checks,
            stats.http_requests,
            Counter(stats.rules),
        )
        phases = (
            tuple(Phase) if SHRINK else tuple(p for p in Phase if p != Phase.shrink)
        )
        try:
            run_state_machine_as_test(
                AccessLifecycle,
                settings=settings(
                    derandomize=True,
                    database=None,
                    max_examples=EXAMPLES,
                    stateful_step_count=STEPS,
                    deadline=None,
                    phases=phases,
                    suppress_health_check=list(HealthCheck),
                ),
            )
        finally:
            summary = (
                f"access lifecycle: {stats.sequences - start[0]} sequences, "
                f"{stats.steps - start[1]} steps, {stats.orm_checks - start[2]} "
                f"ORM checks of a user's access, {stats.http_requests - start[3]} "
                "HTTP requests; steps played: "
                + ", ".join(
                    f"{name} {count}"
                    for name, count in sorted((stats.rules - start[4]).items())
                )
            )
            _logger.info(summary)
        # A step that no sequence played tests nothing: more examples, then.
        played = stats.rules - start[4]
        # Hypothesis marks each @rule method with this attribute.
        never = sorted(
            name
            for name, method in vars(AccessLifecycle).items()
            if hasattr(method, "hypothesis_stateful_rule") and not played[name]
        )
        self.assertFalse(
            never,
            f"steps no sequence played (raise CPS_FUZZ_EXAMPLES): {', '.join(never)}",
        )
