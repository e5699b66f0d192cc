/*
 * Creates an API key for a custom integration, the C way:
 *
 *     POST /v2/apps/{appId}/integrations/{integrationId}/keys
 *
 * with HTTP Basic authentication, then prints the response body and the
 * status code. The connection settings come from the environment
 * (INTEGRATION_KEYS_KEY_ID and INTEGRATION_KEYS_SECRET, plus
 * INTEGRATION_KEYS_SUBDOMAIN or INTEGRATION_KEYS_BASE_URL, ...); the app
 * id, integration id and display name from the command line:
 *
 *     cc -std=c99 create_key.c $(pkg-config --cflags --libs integration_keys) -o create_key
 *     ./create_key 5d8cff3cd55b040010928b5b 5e4af71a81966b2ac3ab7e4d "My key"
 *
 * On failure the error details go to stderr and the exit status is the
 * error's ik_result number (1 to 12).
 */
#include <stdio.h>
#include <stdlib.h>

#include <integration_keys.h>

/* A getter's string, or "-" when there is none. */
static const char *or_dash(const char *text)
{
    return text != NULL ? text : "-";
}

static int report(const char *what, ik_result result, ik_error *error)
{
    fprintf(stderr, "%s failed: %s\n", what, or_dash(ik_error_message(error)));
    fprintf(stderr, "  kind:       %s\n", ik_result_name((int)result));
    fprintf(stderr, "  status:     %d\n", ik_error_status(error));
    fprintf(stderr, "  code:       %s\n", or_dash(ik_error_code(error)));
    fprintf(stderr, "  title:      %s\n", or_dash(ik_error_title(error)));
    fprintf(stderr, "  request id: %s\n", or_dash(ik_error_request_id(error)));
    if (ik_error_retry_after(error) >= 0) {
        fprintf(stderr, "  retry after: %.0f s\n", ik_error_retry_after(error));
    }
    ik_error_free(error);
    return (int)result;
}

int main(int argc, char **argv)
{
    ik_client *client = NULL;
    ik_key *key = NULL;
    ik_error *error = NULL;
    char *json = NULL;
    ik_result result;

    if (argc != 4) {
        fprintf(stderr, "usage: %s APP_ID INTEGRATION_ID DISPLAY_NAME\n", argv[0]);
        return 64;
    }

    result = ik_client_new_from_env(&client, &error);
    if (result != IK_OK) {
        return report("configuring the client", result, error);
    }

    result = ik_create_integration_key(client, argv[1], argv[2], argv[3], &key, &error);
    if (result != IK_OK) {
        ik_client_free(client);
        return report("creating the key", result, error);
    }

    result = ik_key_to_json(key, &json, &error);
    if (result != IK_OK) {
        ik_key_free(key);
        ik_client_free(client);
        return report("writing the key as JSON", result, error);
    }
    /* The body the API answered, {"key":{"id","displayName","secret"}}. */
    printf("{\"key\":%s}\n", json);
    /* A key is only returned for a successful answer, and the API answers
       a create with 201 Created. */
    printf("201\n");

    ik_string_free(json); /* zeroes the copy of the secret */
    ik_key_free(key);     /* and so does this */
    ik_client_free(client);
    return 0;
}
