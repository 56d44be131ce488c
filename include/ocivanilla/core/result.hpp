#pragma once

#include "ocivanilla/core/error.hpp"

#include <cassert>
#include <utility>
#include <variant>

namespace ocivanilla::core {

// Result<T>: either a value or an Error. Expected failures are values; exceptions are
// kept for bugs (see docs/adr/0001-result-type.md).
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : m_v(std::move(value)) {} // NOLINT(google-explicit-constructor)
  Result(Error error) : m_v(std::move(error)) {} // NOLINT(google-explicit-constructor)

  bool ok() const { return m_v.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() &
  {
    assert(ok());
    return std::get<0>(m_v);
  }
  const T& value() const&
  {
    assert(ok());
    return std::get<0>(m_v);
  }
  T&& value() &&
  {
    assert(ok());
    return std::get<0>(std::move(m_v));
  }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const Error& error() const&
  {
    assert(!ok());
    return std::get<1>(m_v);
  }
  Error&& error() &&
  {
    assert(!ok());
    return std::get<1>(std::move(m_v));
  }

 private:
  std::variant<T, Error> m_v;
};

// Success without a value.
struct Ok {};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Ok) {} // NOLINT(google-explicit-constructor)
  Result(Error error) : m_error(std::move(error)), m_ok(false) {} // NOLINT(google-explicit-constructor)

  bool ok() const { return m_ok; }
  explicit operator bool() const { return ok(); }
  const Error& error() const&
  {
    assert(!ok());
    return m_error;
  }
  Error&& error() &&
  {
    assert(!ok());
    return std::move(m_error);
  }

 private:
  Error m_error;
  bool m_ok = true;
};

using Status = Result<void>;

} // namespace ocivanilla::core

// Propagate an error from an expression returning Result<...>.
#define OVL_TRY(expr)                                                                                                  \
  do {                                                                                                                 \
    auto&& ovl_try_result_ = (expr);                                                                                   \
    if (!ovl_try_result_.ok()) {                                                                                       \
      return std::move(ovl_try_result_).error();                                                                       \
    }                                                                                                                  \
  } while (false)
