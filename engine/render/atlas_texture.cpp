#include "render/atlas_texture.hpp"

#include <algorithm>
#include <cstddef>

namespace gs {

void AtlasTexture::update(int w, int h, const std::uint8_t* texels, int y0, int y1) {
    if (!texture) {
        texture = gl::Texture::create();
        glBindTexture(GL_TEXTURE_2D, texture.id());
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
    }
    glBindTexture(GL_TEXTURE_2D, texture.id());
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    if (w != width || h != height) {
        GL_CHECK(glTexImage2D(GL_TEXTURE_2D, 0, GL_RG8, w, h, 0, GL_RG, GL_UNSIGNED_BYTE, texels));
        width = w;
        height = h;
        return;
    }
    y0 = std::clamp(y0, 0, h);
    y1 = std::clamp(y1, y0, h);
    if (y1 > y0)
        GL_CHECK(glTexSubImage2D(GL_TEXTURE_2D, 0, 0, y0, w, y1 - y0, GL_RG, GL_UNSIGNED_BYTE,
                                 texels + std::size_t(y0) * std::size_t(w) * 2));
}

}  // namespace gs
