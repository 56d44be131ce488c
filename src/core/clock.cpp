#include "ocivanilla/core/clock.hpp"

#include <array>
#include <cstdio>
#include <ctime>
#include <string_view>
#include <thread>

namespace ocivanilla::core {

namespace {

constexpr std::array<std::string_view, 7> k_days = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
constexpr std::array<std::string_view, 12> k_months = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

std::tm to_utc_tm(TimePoint t)
{
  const std::time_t secs = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  return tm;
}

// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm).
long long days_from_civil(long long y, unsigned m, unsigned d)
{
  y -= m <= 2 ? 1 : 0;
  const long long era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<long long>(doe) - 719468;
}

bool parse_digits(std::string_view text, std::size_t pos, std::size_t count, int& out)
{
  if (pos + count > text.size()) {
    return false;
  }
  int value = 0;
  for (std::size_t i = pos; i < pos + count; ++i) {
    if (text[i] < '0' || text[i] > '9') {
      return false;
    }
    value = value * 10 + (text[i] - '0');
  }
  out = value;
  return true;
}

// TimePoint counts nanoseconds in 64 bits (about 1677-09-21 .. 2262-04-11): whole years
// inside that range, with room for an RFC 3339 offset of up to 99:59 either way.
constexpr int k_min_year = 1678;
constexpr int k_max_year = 2261;

bool make_time(int year, int month, int day, int hour, int minute, int second, TimePoint& out)
{
  if (year < k_min_year || year > k_max_year) {
    return false;
  }
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) {
    return false;
  }
  const long long days = days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
  const long long secs = days * 86400 + hour * 3600 + minute * 60 + second;
  out = TimePoint{} + std::chrono::seconds{secs};
  return true;
}

} // namespace

void RealSleeper::sleep_for(std::chrono::milliseconds delay)
{
  std::this_thread::sleep_for(delay);
}

std::string format_http_date(TimePoint t)
{
  const std::tm tm = to_utc_tm(t);
  char buf[96];
  std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d GMT",
                k_days.at(static_cast<std::size_t>(tm.tm_wday)).data(), tm.tm_mday,
                k_months.at(static_cast<std::size_t>(tm.tm_mon)).data(), tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
                tm.tm_sec);
  return buf;
}

bool parse_http_date(std::string_view text, TimePoint& out)
{
  // "Thu, 05 Jan 2014 21:31:40 GMT"
  if (text.size() != 29 || text.substr(3, 2) != ", " || text.substr(25) != " GMT") {
    return false;
  }
  int day = 0;
  int year = 0;
  int hour = 0;
  int minute = 0;
  int second = 0;
  int month = 0;
  for (std::size_t i = 0; i < k_months.size(); ++i) {
    if (text.substr(8, 3) == k_months[i]) {
      month = static_cast<int>(i) + 1;
    }
  }
  if (month == 0 || !parse_digits(text, 5, 2, day) || !parse_digits(text, 12, 4, year) ||
      !parse_digits(text, 17, 2, hour) || !parse_digits(text, 20, 2, minute) || !parse_digits(text, 23, 2, second) ||
      text[19] != ':' || text[22] != ':') {
    return false;
  }
  return make_time(year, month, day, hour, minute, second, out);
}

std::string format_rfc3339(TimePoint t)
{
  const std::tm tm = to_utc_tm(t);
  char buf[96];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                tm.tm_hour, tm.tm_min, tm.tm_sec);
  return buf;
}

bool parse_rfc3339(std::string_view text, TimePoint& out)
{
  // YYYY-MM-DDTHH:MM:SS[.fff][Z|+hh:mm|-hh:mm]
  int year = 0;
  int month = 0;
  int day = 0;
  int hour = 0;
  int minute = 0;
  int second = 0;
  if (text.size() < 20 || !parse_digits(text, 0, 4, year) || text[4] != '-' || !parse_digits(text, 5, 2, month) ||
      text[7] != '-' || !parse_digits(text, 8, 2, day) || (text[10] != 'T' && text[10] != 't') ||
      !parse_digits(text, 11, 2, hour) || text[13] != ':' || !parse_digits(text, 14, 2, minute) || text[16] != ':' ||
      !parse_digits(text, 17, 2, second)) {
    return false;
  }
  std::size_t pos = 19;
  long long millis = 0;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    const std::size_t start = pos;
    long long scale = 100;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      millis += (text[pos] - '0') * scale;
      scale /= 10;
      ++pos;
    }
    if (pos == start) {
      return false;
    }
  }
  int offset_seconds = 0;
  if (pos < text.size() && (text[pos] == 'Z' || text[pos] == 'z')) {
    ++pos;
  } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
    int oh = 0;
    int om = 0;
    if (!parse_digits(text, pos + 1, 2, oh) || pos + 3 >= text.size() || text[pos + 3] != ':' ||
        !parse_digits(text, pos + 4, 2, om)) {
      return false;
    }
    offset_seconds = (oh * 3600 + om * 60) * (text[pos] == '-' ? -1 : 1);
    pos += 6;
  } else {
    return false;
  }
  if (pos != text.size() || !make_time(year, month, day, hour, minute, second, out)) {
    return false;
  }
  out += std::chrono::milliseconds{millis};
  out -= std::chrono::seconds{offset_seconds};
  return true;
}

} // namespace ocivanilla::core
