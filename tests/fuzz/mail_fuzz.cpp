// libFuzzer target: the mail reader must never crash, hang, leak or throw,
// whatever the bytes (a mail server pipes in anything the Internet sends);
// what it accepts is UTF-8 wherever people will read it.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "formats/mail.h"
#include "formats/mail_internal.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace loudong::formats;
  std::string_view raw(reinterpret_cast<const char*>(data), size);
  auto m = read_mail(raw);
  if (!m.ok()) {
    if (m.error().message().empty()) std::abort();
    return 0;
  }
  if (m->from.address.empty()) std::abort();
  for (std::string_view s : {std::string_view(m->from.address), std::string_view(m->from.name),
                             std::string_view(m->subject), std::string_view(m->text), std::string_view(m->date)})
    if (!mail::valid_utf8(s)) std::abort();
  for (const auto& a : m->attachments)
    if (!mail::valid_utf8(a.filename)) std::abort();
  if (m->attachments.size() > static_cast<std::size_t>(MailLimits{}.max_parts)) std::abort();
  return 0;
}
