#pragma once

// schemas/avx/events/annotations.capnp, compiled into the tool (//codegen:annotations_capnp) so a
// schema's `import "/avx/events/annotations.capnp"` needs no file at run time.

#include <string_view>

namespace avx::codegen {

extern const std::string_view kAnnotationsCapnp;

}  // namespace avx::codegen
