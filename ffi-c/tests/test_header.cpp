// The header compiled as C++17: its declarations link and behave from C++,
// with the library's objects held by std::unique_ptr. Needs no sandbox.
#include "integration_keys.h"

#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <type_traits>

static_assert(IK_OK == 0, "IK_OK is 0");
static_assert(IK_ERROR_INVALID_ARGUMENT == 1 && IK_ERROR_INTERNAL == 12, "codes are stable");
static_assert(std::is_same<decltype(ik_version()), const char *>::value, "ik_version returns const char *");

namespace {

int passed = 0;
int failed = 0;

void check(bool ok, const char *name) {
    std::printf("%s %s\n", ok ? "PASS" : "FAIL", name);
    (ok ? passed : failed)++;
}

struct ErrorFree {
    void operator()(ik_error *e) const noexcept { ik_error_free(e); }
};
struct StringFree {
    void operator()(char *s) const noexcept { ik_string_free(s); }
};
struct OptionsFree {
    void operator()(ik_client_options *o) const noexcept { ik_client_options_free(o); }
};
struct ClientFree {
    void operator()(ik_client *c) const noexcept { ik_client_free(c); }
};

}  // namespace

int main() {
    check(std::string(ik_version()) == IK_VERSION, "C++: ik_version matches IK_VERSION");

    char *raw = nullptr;
    ik_error *raw_error = nullptr;
    ik_result r = ik_sign_jwt("app_1", "secret", "app", 0, &raw, &raw_error);
    std::unique_ptr<char, StringFree> token(raw);
    std::unique_ptr<ik_error, ErrorFree> error(raw_error);
    check(r == IK_OK && token && error == nullptr, "C++: ik_sign_jwt");
    std::string text(token ? token.get() : "");
    check(text.find('.') != std::string::npos && text.find('.') != text.rfind('.') && text.size() > 40,
          "C++: the token has three parts");

    ik_client_options *raw_options = nullptr;
    r = ik_client_options_new(&raw_options, nullptr);
    std::unique_ptr<ik_client_options, OptionsFree> options(raw_options);
    check(r == IK_OK && options, "C++: ik_client_options_new");
    ik_client *raw_client = nullptr;
    r = ik_client_new(options.get(), &raw_client, &raw_error);
    std::unique_ptr<ik_client, ClientFree> client(raw_client);
    error.reset(raw_error);
    check(r == IK_ERROR_INVALID_ARGUMENT && !client && ik_error_kind(error.get()) == IK_ERROR_INVALID_ARGUMENT &&
              std::string(ik_result_name(r)) == "invalid_argument",
          "C++: a client without credentials is invalid_argument");
    check(std::strstr(ik_error_message(error.get()), "credentials") != nullptr,
          "C++: the message says what is missing");

    std::printf("# %d checks passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
