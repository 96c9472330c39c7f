/* Copyright 2026 contract_portal_share authors
   License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl). */
import {SignatureForm} from "@portal/signature_form/signature_form";
import {patch} from "@web/core/utils/patch";

// Odoo's signature dialog shows a refusal (an empty name, signed in another
// tab, changed terms) but leaves its button spinning and disabled: on a
// contract, give the signer the button back, as it was, to try again.
patch(SignatureForm.prototype, {
    async onClickSubmit() {
        const button = document.querySelector(".o_portal_sign_submit");
        const contents = button && button.innerHTML;
        await super.onClickSubmit(...arguments);
        if (
            this.state.error &&
            button &&
            this.props.callUrl.startsWith("/my/contracts/")
        ) {
            button.innerHTML = contents;
            button.classList.remove("o_btn_loading", "disabled", "pe-none");
            button.disabled = false;
        }
    },
});
