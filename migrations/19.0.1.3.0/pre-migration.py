# Copyright 2026 contract_portal_share authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""19.0.1.2.0 kept a request as signature lines carrying its facts: make the
requests from them, before the ORM requires each line to have one."""


def _columns(cr, table):
    cr.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = %s",
        [table],
    )
    return {row[0] for row in cr.fetchall()}


def migrate(cr, version):
    if not version or "request_date" not in _columns(cr, "contract_portal_signature"):
        return
    if "signed_on" in _columns(cr, "contract_portal_signature"):
        # It held the time of a decline too: it is the time of the answer.
        cr.execute(
            "ALTER TABLE contract_portal_signature "
            "RENAME COLUMN signed_on TO answered_on"
        )
    cr.execute(
        """
        CREATE TABLE IF NOT EXISTS contract_portal_sign_request (
            id SERIAL PRIMARY KEY,
            contract_id integer NOT NULL,
            requested_by_id integer,
            request_date timestamp without time zone,
            terms_hash varchar,
            state varchar NOT NULL,
            active boolean,
            document_id integer,
            create_uid integer,
            create_date timestamp without time zone,
            write_uid integer,
            write_date timestamp without time zone
        )
        """
    )
    cr.execute(
        "ALTER TABLE contract_portal_signature "
        "ADD COLUMN IF NOT EXISTS request_id integer"
    )
    # One request per asking: each asking created its lines together, per
    # contract, numbered from 1. Its state is what 19.0.1.2.0 derived from
    # them.
    cr.execute(
        """
        CREATE TEMPORARY TABLE cps_line_request ON COMMIT DROP AS
        SELECT id AS line_id, contract_id,
               sum(CASE WHEN sequence = 1 THEN 1 ELSE 0 END)
                   OVER (PARTITION BY contract_id ORDER BY id) AS asking
          FROM contract_portal_signature
         WHERE request_id IS NULL
        """
    )
    cr.execute("ALTER TABLE contract_portal_sign_request ADD COLUMN cps_asking integer")
    cr.execute(
        """
        INSERT INTO contract_portal_sign_request (
            contract_id, cps_asking, requested_by_id, request_date, terms_hash,
            active, state, create_uid, create_date, write_uid, write_date
        )
        SELECT line.contract_id, asking.asking, min(line.requested_by_id),
               min(line.request_date), min(line.terms_hash), bool_or(line.active),
               CASE WHEN 'declined' = ANY(array_agg(line.state)) THEN 'declined'
                    WHEN array_agg(line.state) && ARRAY['cancelled', 'lost']::varchar[]
                        THEN 'cancelled'
                    WHEN array_agg(line.state) && ARRAY['pending', 'waiting']::varchar[]
                        THEN 'open'
                    ELSE 'signed' END,
               min(line.create_uid), min(line.create_date),
               min(line.create_uid), min(line.create_date)
          FROM contract_portal_signature line
          JOIN cps_line_request asking ON asking.line_id = line.id
         GROUP BY line.contract_id, asking.asking
        """
    )
    cr.execute(
        """
        UPDATE contract_portal_signature line
           SET request_id = request.id
          FROM cps_line_request asking, contract_portal_sign_request request
         WHERE asking.line_id = line.id
           AND request.contract_id = asking.contract_id
           AND request.cps_asking = asking.asking
        """
    )
    cr.execute("ALTER TABLE contract_portal_sign_request DROP COLUMN cps_asking")
    # A signed request's PDF is its last signer's: the one with every
    # signature on it.
    cr.execute(
        """
        UPDATE contract_portal_sign_request request
           SET document_id = (
                SELECT line.document_id
                  FROM contract_portal_signature line
                 WHERE line.request_id = request.id AND line.state = 'signed'
                 ORDER BY line.answered_on DESC NULLS LAST, line.id DESC
                 LIMIT 1)
         WHERE request.state = 'signed'
        """
    )
