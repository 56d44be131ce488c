#pragma once

#include <string>
#include <string_view>

namespace ocivanilla::core {

// RFC 4648 base64 with '=' padding (signatures, body digests, certificates, user_data).
std::string base64_encode(std::string_view bytes);
// RFC 4648 base64url without padding (JWT parts).
std::string base64url_encode(std::string_view bytes);
// Decodes base64url (or base64: + and / are read too) without padding; trailing '=' are
// tolerated. False, with `out` undefined, on any other character.
bool base64url_decode(std::string_view text, std::string& out);
// The value of one hex digit (0-9, a-f, A-F), or -1.
int hex_digit_value(char c);

} // namespace ocivanilla::core
