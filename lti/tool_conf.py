"""pylti1p3's view of our platform registrations (one row of lti.Platform per LMS)."""

from pylti1p3.deployment import Deployment
from pylti1p3.exception import LtiException
from pylti1p3.registration import Registration
from pylti1p3.tool_config.abstract import ToolConfAbstract

from .models import Platform, ToolKey


def platform_for(iss, client_id):
    platform = Platform.objects.filter(issuer=iss, client_id=client_id, active=True).first()
    if platform is None:
        raise LtiException("unknown platform")
    return platform


class PlatformToolConf(ToolConfAbstract):
    def check_iss_has_one_client(self, iss):
        return False

    def check_iss_has_many_clients(self, iss):
        return True

    def find_registration_by_issuer(self, iss, *args, **kwargs):
        raise LtiException("a client id is required")

    def find_registration_by_params(self, iss, client_id, *args, **kwargs):
        platform = platform_for(iss, client_id)
        key = ToolKey.current()
        return (
            Registration()
            .set_issuer(platform.issuer)
            .set_client_id(platform.client_id)
            .set_key_set_url(platform.key_set_url)
            .set_auth_login_url(platform.auth_login_url)
            .set_auth_token_url(platform.auth_token_url)
            .set_tool_private_key(key.private_key)
            .set_tool_public_key(key.public_pem())
        )

    def find_deployment(self, iss, deployment_id):
        return None

    def find_deployment_by_params(self, iss, deployment_id, client_id, *args, **kwargs):
        platform = platform_for(iss, client_id)
        if deployment_id not in platform.deployments():
            return None
        return Deployment().set_deployment_id(deployment_id)
