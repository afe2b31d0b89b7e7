import { formRouteDocs } from "../../adapters/http/forms/form-route-docs.js";
import { formRoutes } from "../../adapters/http/forms/form-routes.js";
import { defineModule } from "./feature-module.js";

/** The public contact form a website posts to with a publishable key (HTML or JSON), with its spam hold. */
export const contactFormModule = defineModule({
  name: "contact-form",
  http: ({ useCases, settings, logger }) => ({
    routers: [
      formRoutes(
        useCases,
        { perIp: settings.formRatePerIp, perKey: settings.formRatePerKey, requireConsent: settings.formRequireConsent, spamRules: settings.spamRules },
        logger,
      ),
    ],
    docs: formRouteDocs,
  }),
});
