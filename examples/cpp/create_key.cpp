// Creates an API key for a custom integration from C++17, with RAII: every
// object of the C library is held by a std::unique_ptr whose deleter is the
// matching _free function, so nothing leaks on any path.
//
//     c++ -std=c++17 create_key.cpp $(pkg-config --cflags --libs integration_keys) -o create_key
//     export INTEGRATION_KEYS_SUBDOMAIN=acme INTEGRATION_KEYS_KEY_ID=app_...
//     export INTEGRATION_KEYS_SECRET=...
//     ./create_key APP_ID INTEGRATION_ID "My key"

#include <integration_keys.h>

#include <cstdlib>
#include <iostream>
#include <memory>
#include <stdexcept>
#include <string>

namespace ik {

template <typename T, void (*Free)(T *)>
struct Deleter {
    void operator()(T *p) const noexcept { Free(p); }
};

using Client = std::unique_ptr<ik_client, Deleter<ik_client, ik_client_free>>;
using Key = std::unique_ptr<ik_key, Deleter<ik_key, ik_key_free>>;
using Error = std::unique_ptr<ik_error, Deleter<ik_error, ik_error_free>>;
using String = std::unique_ptr<char, Deleter<char, ik_string_free>>;

// An exception that carries the details of an ik_error.
class Failure : public std::runtime_error {
public:
    Failure(ik_result kind, Error error)
        : std::runtime_error(text(ik_error_message(error.get()))), kind_(kind),
          status_(ik_error_status(error.get())), code_(text(ik_error_code(error.get()))),
          request_id_(text(ik_error_request_id(error.get()))) {}

    const char *kind() const noexcept { return ik_result_name(kind_); }
    int status() const noexcept { return status_; }
    const std::string &code() const noexcept { return code_; }
    const std::string &request_id() const noexcept { return request_id_; }
    int exit_code() const noexcept { return static_cast<int>(kind_); }

private:
    static std::string text(const char *s) { return s != nullptr ? s : ""; }
    ik_result kind_;
    int status_;
    std::string code_;
    std::string request_id_;
};

// Takes ownership of *slot (the error_out of the call that returned result)
// and throws a Failure unless result is IK_OK.
inline void check(ik_result result, ik_error **slot) {
    Error error(*slot);
    *slot = nullptr;
    if (result != IK_OK) {
        throw Failure(result, std::move(error));
    }
}

}  // namespace ik

int main(int argc, char **argv) {
    if (argc != 4) {
        std::cerr << "usage: " << argv[0] << " APP_ID INTEGRATION_ID DISPLAY_NAME\n";
        return 64;
    }
    try {
        ik_error *error = nullptr;
        ik_client *raw_client = nullptr;
        ik::check(ik_client_new_from_env(&raw_client, &error), &error);
        ik::Client client(raw_client);

        ik_key *raw_key = nullptr;
        ik::check(ik_create_integration_key(client.get(), argv[1], argv[2], argv[3], &raw_key, &error), &error);
        ik::Key key(raw_key);

        char *raw_json = nullptr;
        ik::check(ik_key_to_json(key.get(), &raw_json, &error), &error);
        ik::String json(raw_json);

        std::cout << "{\"key\":" << json.get() << "}\n";
        std::cout << "id: " << ik_key_id(key.get()) << '\n';
        return 0;
    } catch (const ik::Failure &e) {
        std::cerr << "failed: " << e.what() << "\n  kind: " << e.kind() << "\n  status: " << e.status()
                  << "\n  code: " << e.code() << "\n  request id: " << e.request_id() << '\n';
        return e.exit_code();
    }
}
